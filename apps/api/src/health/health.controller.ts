import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type Redis from 'ioredis';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Public } from '../auth/auth.decorators';
import { REDIS } from './redis.provider';

type Check = 'up' | 'down';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the event store answers a read and Redis a PING. */
  @Public()
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, Check> }> {
    const [eventStore, redis] = await Promise.all([
      probe(() => this.store.readStream('health-probe', { maxCount: 1 })),
      probe(() => this.redis.ping()),
    ]);
    const checks = { eventStore, redis };
    if (eventStore === 'down' || redis === 'down') {
      throw new ServiceUnavailableException({ message: 'A dependency is not answering', checks });
    }
    return { status: 'ok', checks };
  }
}

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
