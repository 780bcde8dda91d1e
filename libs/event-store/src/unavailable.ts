/**
 * The database cannot be reached (stopped, restarting, network cut): nothing about the request was
 * wrong, and the same request may succeed shortly. The API answers 503 with Retry-After.
 */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  readonly code = 'EVENT_STORE.UNAVAILABLE';

  constructor(cause: unknown) {
    super('The event store is not reachable', { cause });
  }
}

/** Socket-level failures of a connection to PostgreSQL. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** Server states that mean "not now": admin/crash shutdown (57P01/02), starting up (57P03). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

/** Whether a `pg` error means the server is away, as opposed to something wrong with the statement. */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  const text = typeof message === 'string' ? message : '';
  // pg's own wording when a socket closes under a query, or the pool gives up waiting for one.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i.test(text);
}

/** Rethrows connection failures as EventStoreUnavailableError, anything else unchanged. */
export function classifyConnectionFailure(error: unknown): unknown {
  return isConnectionFailure(error) ? new EventStoreUnavailableError(error) : error;
}
