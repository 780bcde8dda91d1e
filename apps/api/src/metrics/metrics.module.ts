import { Inject, Module, UnauthorizedException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DEADLINES_QUEUE, WEBHOOKS_QUEUE } from '@app/deadlines';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ReadModelKeys } from '@app/read-models';
import { DesignationsModule } from '../designations/designations.module';
import { REDIS } from '../health/redis.provider';
import { toProblem } from '../problem/problem-details.filter';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem-details';
import { isBearer } from './bearer-token';
import { METRICS_REGISTRY } from './metrics.tokens';
import { SharedStateMetrics } from './shared-state.metrics';
import { SharedStateReader } from './shared-state';

const METRICS_QUEUES = Symbol('METRICS_QUEUES');

interface MetricsQueues {
  connection: Redis;
  queues: Queue[];
}

type Reply = { code(status: number): Reply; header(name: string, value: string): Reply; send(body: unknown): unknown };

/**
 * GET /metrics, in Prometheus text format, for a scraper holding METRICS_TOKEN (imported only when it
 * is set). A plain Fastify route, like /openapi.json: not an operation of the public API, so it is not
 * in the OpenAPI document, and the JWT guard and the rate limit (for people) do not apply to it.
 */
@Module({
  imports: [DesignationsModule],
  providers: [
    {
      provide: METRICS_QUEUES,
      inject: [APP_CONFIG],
      // Read-only queue handles (getJobCounts) on a connection of their own, as BullMQ wants for its scripts.
      useFactory: (config: AppConfig): MetricsQueues => {
        const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
        // A scrape that finds Redis away says so (sanctions_metrics_source_up); the events are not errors of the api.
        connection.on('error', () => undefined);
        const queues = [DEADLINES_QUEUE, WEBHOOKS_QUEUE].map((name) => new Queue(name, { connection, prefix: `${config.redisKeyPrefix}bull` }));
        for (const queue of queues) queue.on('error', () => undefined);
        return { connection, queues };
      },
    },
    {
      provide: SharedStateMetrics,
      inject: [METRICS_REGISTRY, EVENT_STORE, REDIS, APP_CONFIG, METRICS_QUEUES],
      useFactory: (registry: Registry, store: EventStore, redis: Redis, config: AppConfig, { queues }: MetricsQueues) =>
        new SharedStateMetrics(registry, new SharedStateReader(store, redis, new ReadModelKeys(config.redisKeyPrefix), queues)),
    },
  ],
})
export class MetricsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(METRICS_QUEUES) private readonly queues: MetricsQueues,
    // Made here, so its gauges are in the registry before the first scrape.
    readonly gauges: SharedStateMetrics,
  ) {}

  onModuleInit(): void {
    const token = this.config.metrics.token!;
    this.adapterHost.httpAdapter.get('/metrics', async (request: { headers: Record<string, unknown>; url: string }, reply: Reply) => {
      if (!isBearer(request.headers.authorization, token)) {
        const { problem } = toProblem(new UnauthorizedException('GET /metrics needs the bearer token METRICS_TOKEN'), request.url);
        return reply.code(problem.status).header('www-authenticate', 'Bearer realm="metrics"').header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
      }
      return reply.header('content-type', this.registry.contentType).header('cache-control', 'no-store').send(await this.registry.metrics());
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.queues.map((queue) => queue.close()));
    this.queues.connection.disconnect();
  }
}
