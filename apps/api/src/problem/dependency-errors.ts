/** Socket-level failures: the dependency is away, not the request wrong. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN', 'ECONNABORTED']);

/** Replies of a Redis that is up but cannot serve yet (loading its data, no master, busy script). */
const REDIS_NOT_READY = /^(LOADING|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * True when a read failed because Redis (the derived read models) is away or restarting: ioredis
 * gives up after its retry ("Connection is closed.", MaxRetriesPerRequestError) or passes on the
 * socket's error. The log is untouched, so this is a 503 with Retry-After, not a 500.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if (error.message === 'Connection is closed.' || error.message.startsWith('Stream isn\'t writeable')) return true;
  if (error.name === 'ReplyError' && REDIS_NOT_READY.test(error.message)) return true;
  return CONNECTION_CODES.has((error as { code?: string }).code ?? '');
}
