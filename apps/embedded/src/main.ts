import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { checkEvictionPolicy, ConfigError, ensureRedis, loadConfig, loggerOptions, stopRedisServer } from '@app/config';
import { createApp, sharedWithWorker } from '../../api/src/app.factory';
import { WorkerModule } from '../../worker/src/worker.module';
import { ProcessShutdown } from './process-shutdown';

/**
 * `npm start`: the api and the worker composed in one process over one event store. It is the only
 * way to run them on the embedded PGlite store, a single in-process database; on PostgreSQL or
 * EventStoreDB it is a one-process deployment, and `start:api` / `start:worker` scale them apart.
 * This is the one app that imports other apps, and only their public factories.
 */
async function bootstrap(): Promise<void> {
  const shutdown = new ProcessShutdown();
  try {
    const config = loadConfig();
    const redisServer = await ensureRedis(config.redisUrl);
    if (redisServer) shutdown.add('redis-server', () => stopRedisServer(redisServer));
    await checkEvictionPolicy(config.redisUrl, config.nodeEnv);
    const app = await createApp(config, undefined, { swaggerUi: true });
    shutdown.add('api', () => app.close());
    // One store, and each decider bound to it once, for both halves of the process.
    // Through the pino root the api made: one logger, one stdout (and one pretty transport) per process.
    const params = { pinoHttp: loggerOptions(config.log) };
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, sharedWithWorker(app)), {
      logger: new PinoNestLogger(new PinoLogger(params), params),
    });
    shutdown.add('worker', () => worker.close());
    await worker.init();
    const host = process.env.HOST ?? '0.0.0.0';
    await app.listen(config.port, host);
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${config.port}`;
    new Logger('Embedded').log({ message: 'listening', url, docs: `${url}/docs` });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(78);
  }
}

void bootstrap();
