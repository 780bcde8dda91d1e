import { Gauge, type Registry } from 'prom-client';
import type { SharedState, SharedStateReader } from './shared-state';

type Collect = (gauge: Gauge<string>, state: SharedState) => void;

/**
 * The gauges of the state every process shares, computed when scraped (prom-client `collect`) from
 * one read of the sources per scrape. Any api instance reports the same values: scrape one, or
 * aggregate them with max, not sum. A series is absent while its source does not answer.
 */
export class SharedStateMetrics {
  private inFlight?: Promise<SharedState>;

  constructor(
    registry: Registry,
    private readonly reader: SharedStateReader,
    private readonly now: () => number = Date.now,
  ) {
    const gauge = (name: string, help: string, labelNames: string[], collect: Collect) => {
      const snapshot = () => this.snapshot();
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const state = await snapshot();
          this.reset();
          // A gauge without labels would otherwise report 0 for what is unknown (no checkpoint yet, a source away).
          if (labelNames.length === 0) this.remove();
          collect(this, state);
        },
      });
    };

    gauge('sanctions_metrics_source_up', 'Whether a source answered this scrape (1) or not within 2 s (0): event_store, redis', ['source'], (g, s) => {
      g.set({ source: 'event_store' }, s.log ? 1 : 0);
      g.set({ source: 'redis' }, s.redis ? 1 : 0);
    });
    gauge('sanctions_log_head_position', 'Global position of the last event in the log (absent while the log is empty)', [], (g, s) => {
      if (s.log?.head != null) g.set(s.log.head);
    });
    gauge('sanctions_projection_position', 'Global position of the last event the read models applied, by generation (current: served; building: a rebuild); -1 before the first', ['generation'], (g, s) => {
      for (const generation of s.redis?.generations ?? []) g.set({ generation: generation.role }, generation.position ?? -1);
    });
    gauge('sanctions_projection_lag_positions', 'Log head position minus the position the read models applied, by generation: 0 when caught up (positions are not dense: a distance, not a count of events)', ['generation'], (g, s) => {
      if (!s.log) return;
      const head = s.log.head ?? -1;
      for (const generation of s.redis?.generations ?? []) g.set({ generation: generation.role }, Math.max(0, head - (generation.position ?? -1)));
    });
    gauge('sanctions_projection_lag_seconds', 'Seconds since the log recorded the first event the read models have not applied, by generation: 0 when caught up', ['generation'], (g, s) => {
      if (!s.log) return;
      const head = s.log.head ?? -1;
      for (const generation of s.redis?.generations ?? []) {
        if ((generation.position ?? -1) >= head) g.set({ generation: generation.role }, 0);
        else if (generation.behindSince) g.set({ generation: generation.role }, Math.max(0, (this.now() - generation.behindSince.getTime()) / 1000));
      }
    });
    gauge('sanctions_read_models_available', 'Whether read models built from this log are served (1), or readers answer 503 (0: none current, or built from another log)', [], (g, s) => {
      if (!s.log || !s.redis) return;
      g.set(s.redis.generations.some((generation) => generation.role === 'current' && generation.builtFrom === s.log!.logId) ? 1 : 0);
    });
    gauge('sanctions_deadlines_pending', 'Pending deadlines (reviews, sunsets, exemption expiries, response deadlines) in the deadlines projection, overdue ones included', [], (g, s) => {
      if (s.redis?.deadlines) g.set(s.redis.deadlines.pending);
    });
    gauge('sanctions_deadlines_overdue', 'Pending deadlines whose due time has passed: their job should have run', [], (g, s) => {
      if (s.redis?.deadlines) g.set(s.redis.deadlines.overdue);
    });
    gauge('sanctions_queue_jobs', 'BullMQ jobs by queue (deadlines, webhooks) and state (waiting, delayed, active, failed, …)', ['queue', 'state'], (g, s) => {
      for (const { queue, counts } of s.redis?.queues ?? []) for (const [state, count] of Object.entries(counts)) g.set({ queue, state }, count);
    });
    gauge('sanctions_webhook_deliveries', 'Reminder webhook deliveries by status: pending (being tried), dead (retries ran out: replay them)', ['status'], (g, s) => {
      if (!s.redis?.deliveries) return;
      g.set({ status: 'pending' }, s.redis.deliveries.pending);
      g.set({ status: 'dead' }, s.redis.deliveries.dead);
    });
    gauge('sanctions_checkpoint_age_seconds', 'Seconds since the newest signed checkpoint of the log was issued (absent before the first)', [], (g, s) => {
      if (s.log?.checkpointIssuedAt) g.set(Math.max(0, (this.now() - s.log.checkpointIssuedAt.getTime()) / 1000));
    });
  }

  /** prom-client collects every gauge at once: they share the read in flight, and the next scrape reads again. */
  private snapshot(): Promise<SharedState> {
    this.inFlight ??= this.reader.read().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
