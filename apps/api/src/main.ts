import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { checkEvictionPolicy, ConfigError, ensureRedis, loadConfig } from '@app/config';

/**
 * `npm run start:api`: the api alone, beside any number of api and worker processes on PostgreSQL
 * or EventStoreDB. PGlite is one in-process database that no worker could share, and an api
 * without its worker would take commands while its read models and deadlines stood still: on
 * PGlite the api runs only inside `npm start` (apps/embedded).
 */
async function bootstrap(): Promise<void> {
  try {
    const config = loadConfig();
    if (config.eventStore === 'pglite') {
      throw new ConfigError(
        'EVENT_STORE: pglite is one in-process database; the api runs with the worker beside it in `npm start`, ' +
          'not on its own (start:api is for EVENT_STORE=postgres or esdb)',
      );
    }
    await ensureRedis(config.redisUrl);
    await checkEvictionPolicy(config.redisUrl, config.nodeEnv);
    const app = await createApp(config, undefined, { swaggerUi: true });
    app.enableShutdownHooks();
    const host = process.env.HOST ?? '0.0.0.0';
    await app.listen(config.port, host);
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${config.port}`;
    new Logger('Api').log({ message: 'listening', url, docs: `${url}/docs` });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
}

void bootstrap();
