import { Registry } from 'prom-client';
import type { SharedState, SharedStateReader } from './shared-state';
import { SharedStateMetrics } from './shared-state.metrics';

const NOW = Date.parse('2026-06-01T12:00:00Z');

/** The text a scrape returns for a given reading of the sources, as `series → value`. */
async function scrape(state: SharedState): Promise<Map<string, number>> {
  const registry = new Registry();
  let reads = 0;
  const reader = { read: async () => (reads++, state) } as unknown as SharedStateReader;
  new SharedStateMetrics(registry, reader, () => NOW);
  const text = await registry.metrics();
  expect(reads).toBe(1);
  return new Map(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
  );
}

const queues = [{ queue: 'deadlines', counts: { delayed: 3, failed: 1 } }];

describe('SharedStateMetrics', () => {
  it('reads the sources once a scrape and derives every gauge from that one reading', async () => {
    const series = await scrape({
      log: { logId: 'log-1', head: 900, checkpointIssuedAt: new Date(NOW - 90_000) },
      redis: {
        generations: [
          { role: 'current', position: 600, builtFrom: 'log-1', behindSince: new Date(NOW - 4_500) },
          { role: 'building', position: null, builtFrom: 'log-1', behindSince: new Date(NOW - 60_000) },
        ],
        deadlines: { pending: 7, overdue: 2 },
        deliveries: { pending: 1, dead: 3 },
        queues,
      },
    });
    expect(Object.fromEntries(series)).toEqual({
      'sanctions_metrics_source_up{source="event_store"}': 1,
      'sanctions_metrics_source_up{source="redis"}': 1,
      sanctions_log_head_position: 900,
      'sanctions_projection_position{generation="current"}': 600,
      'sanctions_projection_position{generation="building"}': -1,
      'sanctions_projection_lag_positions{generation="current"}': 300,
      'sanctions_projection_lag_positions{generation="building"}': 901,
      'sanctions_projection_lag_seconds{generation="current"}': 4.5,
      'sanctions_projection_lag_seconds{generation="building"}': 60,
      sanctions_read_models_available: 1,
      sanctions_deadlines_pending: 7,
      sanctions_deadlines_overdue: 2,
      'sanctions_queue_jobs{queue="deadlines",state="delayed"}': 3,
      'sanctions_queue_jobs{queue="deadlines",state="failed"}': 1,
      'sanctions_webhook_deliveries{status="pending"}': 1,
      'sanctions_webhook_deliveries{status="dead"}': 3,
      sanctions_checkpoint_age_seconds: 90,
    });
  });

  it('reports a caught-up projection as 0 lag, and read models of another log as unavailable', async () => {
    const series = await scrape({
      log: { logId: 'log-2', head: 900 },
      redis: { generations: [{ role: 'current', position: 900, builtFrom: 'log-1' }], queues },
    });
    expect(series.get('sanctions_projection_lag_positions{generation="current"}')).toBe(0);
    expect(series.get('sanctions_projection_lag_seconds{generation="current"}')).toBe(0);
    expect(series.get('sanctions_read_models_available')).toBe(0);
    expect(series.has('sanctions_checkpoint_age_seconds')).toBe(false);
  });

  it('leaves out what it could not read, rather than reporting a 0 that looks healthy', async () => {
    const series = await scrape({});
    expect(Object.fromEntries(series)).toEqual({ 'sanctions_metrics_source_up{source="event_store"}': 0, 'sanctions_metrics_source_up{source="redis"}': 0 });
  });
});
