import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type Redis from 'ioredis';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';
import { REDIS } from './redis.provider';

type Check = 'up' | 'down';

const CHECKS = { type: 'object', properties: { eventStore: { type: 'string', enum: ['up', 'down'] }, redis: { type: 'string', enum: ['up', 'down'] } } };
const READY = { type: 'object', required: ['status', 'checks'], properties: { status: { type: 'string', enum: ['ok'] }, checks: CHECKS } };

@ApiTags(TAGS.health.name)
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers', security: [] })
  @ApiOkResponse({ description: 'The process is up', schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  @ApiProblems({ 429: ['RATE_LIMIT.EXCEEDED'] })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the event store answers a read and Redis a PING. */
  @Public()
  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: the event store answers a read and Redis a PING', security: [] })
  @ApiOkResponse({ description: 'Both dependencies answer', schema: READY })
  @ApiProblems({ 429: ['RATE_LIMIT.EXCEEDED'], 503: ['SERVICE.UNAVAILABLE'] })
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
