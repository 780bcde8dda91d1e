import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../worker/src/worker.module';
import { EVENT_STORE } from '@app/event-store';
import { createApp } from './app.factory';
import { checkEvictionPolicy, ConfigError, ensureRedis, loadConfig } from '@app/config';

/**
 * `npm start`: the api, and on the embedded PGlite store the worker too, in one process (PGlite
 * is a single in-process database). With PostgreSQL or EventStoreDB the worker runs on its own.
 */
async function bootstrap(): Promise<void> {
  try {
    const config = loadConfig();
    await ensureRedis(config.redisUrl);
    await checkEvictionPolicy(config.redisUrl, config.nodeEnv);
    const app = await createApp(config, undefined, { swaggerUi: true });
    if (config.eventStore === 'pglite') {
      const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { store: app.get(EVENT_STORE) }));
      worker.enableShutdownHooks();
      await worker.init();
    }
    await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
}

void bootstrap();
