import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { checkEvictionPolicy, ConfigError, loadConfig } from '@app/config';
import { WorkerModule } from './worker.module';

/** `npm run start:worker`: projections (and deadlines) on their own, beside any number of api processes. */
async function bootstrap(): Promise<void> {
  try {
    const config = loadConfig(process.env, { requireAuth: false });
    if (config.eventStore === 'pglite') {
      throw new ConfigError('EVENT_STORE: pglite is one in-process database; the worker runs inside `npm start` with it, not on its own');
    }
    await checkEvictionPolicy(config.redisUrl, config.nodeEnv);
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: new ConsoleLogger({ json: process.env.LOG_FORMAT !== 'pretty' }),
    });
    app.enableShutdownHooks();
    await app.init();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
}

void bootstrap();
