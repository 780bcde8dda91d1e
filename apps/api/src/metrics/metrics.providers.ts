import type { Provider } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { CommandMetrics } from './command-metrics';
import { METRICS_REGISTRY } from './metrics.tokens';

/**
 * The registry and the api's own counters, bound in every api (the command path records into them
 * whether or not /metrics is served). Node's process metrics (memory, CPU, event-loop delay, GC) are
 * only collected when /metrics is on: they watch the process for as long as it runs.
 */
export const metricsProviders: Provider[] = [
  {
    provide: METRICS_REGISTRY,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      const registry = new Registry();
      if (config.metrics.token) collectDefaultMetrics({ register: registry });
      return registry;
    },
  },
  { provide: CommandMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new CommandMetrics(registry) },
];
