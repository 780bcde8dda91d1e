import { stdTimeFunctions, type LoggerOptions } from 'pino';
import { fail } from './config.errors';
import type { EnvReader } from './env.reader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogConfig {
  /** LOG_LEVEL: the least severe level written (default `info`). */
  level: LogLevel;
  /** LOG_FORMAT: one JSON object a line (default), or `pretty` for a terminal. */
  format: LogFormat;
}

export function logConfig(env: EnvReader): LogConfig {
  const level = env.text('LOG_LEVEL') ?? 'info';
  const format = env.text('LOG_FORMAT') ?? 'json';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  if (!(LOG_FORMATS as readonly string[]).includes(format)) fail('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}`);
  return { level: level as LogLevel, format: format as LogFormat };
}

/**
 * Where a token or evidence would sit if a record ever carried a request: censored whoever logs it.
 * The request log itself writes none of these (apps/api request-log.ts); this is the second lock.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'req.body',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body',
];

/**
 * The one pino configuration of every process (api, worker, embedded): `message` as the message key
 * (as Nest's JSON logger wrote it), ISO times, level names in JSON (`"level":"warn"`), and the
 * redactions above. `pretty` writes through pino-pretty instead.
 */
export function loggerOptions(log: LogConfig): LoggerOptions {
  const common: LoggerOptions = { level: log.level, messageKey: 'message', redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } };
  if (log.format === 'pretty') {
    return {
      ...common,
      transport: { target: 'pino-pretty', options: { messageKey: 'message', translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
    };
  }
  return { ...common, timestamp: stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } };
}
