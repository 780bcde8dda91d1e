import 'reflect-metadata';
import Redis from 'ioredis';
import { ConfigError, eventStoreConfig, loadConfig, loadPolicy } from '@app/config';
import { openEventStore } from '@app/event-store';
import { ReadModelKeys, rebuildReadModels } from '@app/read-models';

/**
 * `npm run projections:rebuild`: builds the read models afresh from the first event of the log,
 * beside the ones being served, then swaps them in. Running workers carry on from the new ones.
 * With the embedded PGlite store, run it while the service is stopped (PGlite is one process's).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { requireAuth: false });
  const store = await openEventStore(eventStoreConfig(config));
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  let lastPrinted = 0;
  try {
    console.log(`Rebuilding the read models under "${config.redisKeyPrefix}" from the ${config.eventStore} log…`);
    const result = await rebuildReadModels({
      store,
      redis,
      keys: new ReadModelKeys(config.redisKeyPrefix),
      settings: { policy: loadPolicy(config.policyFile), webhookMinistries: new Set(Object.keys(config.deadlines.webhooks)) },
      onProgress: ({ events, position, elapsedMs }) => {
        if (Date.now() - lastPrinted < 500) return;
        lastPrinted = Date.now();
        console.log(`  ${events.toLocaleString('en')} events applied (${rate(events, elapsedMs)}/s), up to position ${position}`);
      },
    });
    console.log(
      `Done: ${result.events.toLocaleString('en')} events in ${(result.elapsedMs / 1000).toFixed(1)} s (${rate(result.events, result.elapsedMs)}/s); ` +
        `generation ${result.generation} is now served${result.replaced ? `, ${result.replaced} deleted` : ''}.`,
    );
  } finally {
    redis.disconnect();
    await store.close();
  }
}

const rate = (events: number, ms: number) => Math.round(events / Math.max(ms / 1000, 0.001)).toLocaleString('en');

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Cannot start: ${error.message}` : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
