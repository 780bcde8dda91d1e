import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { loggerOptions, type AppConfig } from '@app/config';

/** Where the api logs: stdout as LOG_FORMAT and LOG_LEVEL say, a stream of JSON lines (tests), or nowhere. */
export type LogSink = 'stdout' | DestinationStream | false;

/**
 * nestjs-pino's parameters for the api. nestjs-pino keeps one pino root per process, made by whoever
 * asks first (here: the api, before the worker beside it in apps/embedded): a second app in the same
 * process logs where the first one does, whatever it is given.
 */
export function loggingParams(config: Pick<AppConfig, 'log'>, sink: LogSink): Params {
  // Anything but stdout gets JSON: a pretty transport is a worker thread writing to stdout itself.
  const log = sink === 'stdout' ? config.log : { ...config.log, format: 'json' as const };
  const options = { ...loggerOptions(log), ...(sink === false ? { level: 'silent' } : {}) };
  return {
    pinoHttp: sink === 'stdout' || sink === false ? options : [options, sink],
    // No request middleware: the request lines come from Fastify's hooks (request-log.ts).
    forRoutes: [],
  };
}
