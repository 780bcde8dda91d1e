import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { ConfigError, eventStoreConfig, loadConfig, loadPolicy, type AppConfig } from '@app/config';
import { openEventStore, type EventStore } from '@app/event-store';
import { ReadModelKeys, rebuildReadModels } from '@app/read-models';

const USAGE = `Usage: npm run projections:rebuild [-- --allow-empty]

Builds the read models afresh from the first event of the log, beside the ones being served, then
swaps them in. The log is the one EVENT_STORE names (DATA_DIR for pglite, DATABASE_URL for postgres,
EVENTSTORE_CONNECTION_STRING for esdb); Redis is REDIS_URL, under REDIS_KEY_PREFIX.

  --allow-empty   rebuild even if the log holds no event (swaps in empty read models)`;

/**
 * `npm run projections:rebuild`: builds the read models afresh from the first event of the log,
 * beside the ones being served, then swaps them in. Running workers carry on from the new ones.
 * With the embedded PGlite store, run it while the service is stopped (PGlite is one process's).
 * It refuses an empty or missing log (a mistyped DATA_DIR would otherwise swap in empty read
 * models over the served ones) unless told --allow-empty.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'allow-empty': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig(process.env, { requireAuth: false });
  if (config.eventStore === 'pglite' && !holdsData(config.dataDir)) {
    // Opening it would create an empty store there.
    throw new RefusedError(`DATA_DIR: there is no event store at ${config.dataDir}. Point DATA_DIR at the service's data folder.`);
  }
  const store = await openEventStore(eventStoreConfig(config)).catch((error: unknown) => {
    throw new RefusedError(`${storeVariable(config)}: cannot open the event store (${(error as Error).message}).`);
  });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let lastPrinted = 0;
  try {
    if ((await store.headPosition()) === null && !values['allow-empty']) {
      throw new RefusedError(`${storeVariable(config)}: the log there holds no event; refusing to swap empty read models in. Check ${storeVariable(config)}, or pass --allow-empty.`);
    }
    await redis.connect().catch(() => {
      throw new RefusedError(`REDIS_URL: nothing answers at ${new URL(config.redisUrl).host}.`);
    });
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
    await closeQuietly(store);
  }
}

class RefusedError extends Error {}

const storeVariable = (config: AppConfig) => ({ pglite: 'DATA_DIR', postgres: 'DATABASE_URL', esdb: 'EVENTSTORE_CONNECTION_STRING' })[config.eventStore];
const holdsData = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;
const rate = (events: number, ms: number) => Math.round(events / Math.max(ms / 1000, 0.001)).toLocaleString('en');
const closeQuietly = (store: EventStore) => store.close().catch(() => undefined);

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
  if (error instanceof RefusedError) {
    console.error(`projections:rebuild: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`projections:rebuild: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
