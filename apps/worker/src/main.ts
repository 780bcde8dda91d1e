import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import { checkEvictionPolicy, ConfigError, loadConfig, loggerOptions } from '@app/config';
import { WorkerModule } from './worker.module';

/** `npm run start:worker`: projections (and deadlines) on their own, beside any number of api processes. */
async function bootstrap(): Promise<void> {
  try {
    const config = loadConfig(process.env, { requireAuth: false });
    if (config.eventStore === 'pglite') {
      throw new ConfigError('EVENT_STORE: pglite is one in-process database; the worker runs inside `npm start` with it, not on its own');
    }
    await checkEvictionPolicy(config.redisUrl, config.nodeEnv);
    // nestjs-pino's Nest logger over pino, configured as the api's is (LOG_LEVEL, LOG_FORMAT).
    const params = { pinoHttp: loggerOptions(config.log) };
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new Logger(new PinoLogger(params), params) });
    app.enableShutdownHooks();
    await app.init();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
}

void bootstrap();
