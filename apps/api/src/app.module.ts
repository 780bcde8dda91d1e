import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule, type Params } from 'nestjs-pino';
import { AuthGuard } from './auth/auth.guard';
import { JwtVerifier } from './auth/jwt.verifier';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { GIVEN_EVENT_STORE } from './designations/designations.tokens';
import { DesignationsModule } from './designations/designations.module';
import { HealthController } from './health/health.controller';
import { REDIS, redisProvider } from './health/redis.provider';
import { AuditModule } from './audit/audit.module';
import { MetricsModule } from './metrics/metrics.module';
import { metricsProviders } from './metrics/metrics.providers';
import { CommandMetrics } from './metrics/command-metrics';
import { METRICS_REGISTRY } from './metrics/metrics.tokens';
import { ReadModelsModule } from './read-models/read-models.module';
import { ListsModule } from './lists/lists.module';
import { ConsoleModule } from './console/console.module';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { strictValidationPipe } from './problem/validation.pipe';
import { rateLimitProviders } from './throttling/rate-limit.guard';

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /**
   * `store`: an event store opened by the caller (the embedded process), used and left open; otherwise opened from config.
   * `logging`: nestjs-pino's parameters (logging/logging-params.ts); its middleware writes each request's line.
   */
  static forRoot(config: AppConfig, options: { store?: EventStore; logging: Params }): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(options.logging),
        DesignationsModule,
        ReadModelsModule,
        AuditModule,
        ListsModule,
        ConsoleModule,
        // GET /metrics exists only with METRICS_TOKEN set: never served open by accident.
        ...(config.metrics.token ? [MetricsModule] : []),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: GIVEN_EVENT_STORE, useValue: options.store ?? null },
        redisProvider,
        ...metricsProviders,
        { provide: JwtVerifier, useFactory: () => new JwtVerifier(config.auth) },
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the AuthGuard: counted per authenticated caller, or per address without credentials.
        ...rateLimitProviders(config),
        { provide: APP_PIPE, useFactory: strictValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG, GIVEN_EVENT_STORE, REDIS, METRICS_REGISTRY, CommandMetrics],
    };
  }
}
