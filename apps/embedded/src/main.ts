import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { checkEvictionPolicy, ConfigError, ensureRedis, loadConfig } from '@app/config';
import { EVENT_STORE } from '@app/event-store';
import { createApp } from '../../api/src/app.factory';
import { DELIVERY_HANDLER, DESIGNATION_HANDLER } from '../../api/src/designations/designations.tokens';
import { WorkerModule } from '../../worker/src/worker.module';

/**
 * `npm start`: the api and the worker composed in one process over one event store. It is the only
 * way to run them on the embedded PGlite store, a single in-process database; on PostgreSQL or
 * EventStoreDB it is a one-process deployment, and `start:api` / `start:worker` scale them apart.
 * This is the one app that imports other apps, and only their public factories.
 */
async function bootstrap(): Promise<void> {
  try {
    const config = loadConfig();
    await ensureRedis(config.redisUrl);
    await checkEvictionPolicy(config.redisUrl, config.nodeEnv);
    const app = await createApp(config, undefined, { swaggerUi: true });
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, {
      // One store, and each decider bound to it once, for both halves of the process.
      store: app.get(EVENT_STORE),
      designations: app.get(DESIGNATION_HANDLER),
      deliveries: app.get(DELIVERY_HANDLER),
    }), {
      logger: new ConsoleLogger({ json: process.env.LOG_FORMAT !== 'pretty' }),
    });
    worker.enableShutdownHooks();
    await worker.init();
    await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
}

void bootstrap();
