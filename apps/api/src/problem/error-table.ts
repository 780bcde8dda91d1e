import { HttpException } from '@nestjs/common';
import { PurposeRequiredError } from '@app/application';
import { NoCheckpointError, SinceOutOfRangeError } from '@app/audit';
import { CommandIdReusedError, ConcurrentChangeError, StaleRevisionError } from '@app/command-handling';
import { DomainError, ErrorCode } from '@app/domain';
import { ConcurrencyConflictError, EventStoreUnavailableError } from '@app/event-store';
import { ImportErrorCode, ImportRuleError } from '@app/imports';
import { ListErrorCode, ListFormatError } from '@app/lists';
import { InvalidCursorError, ReadModelBehindError, ReadModelUnavailableError } from '@app/read-models';
import { isRedisUnavailable } from './dependency-errors';

/** What an error means over HTTP: everything a problem+json answer and its headers need. */
export interface ProblemSpec {
  status: number;
  /** Stable, for clients to branch on; also the problem's `type` (`urn:sanctions:problem:<code>`). */
  code: string;
  detail: string;
  /** Seconds, for errors that are the service's to fix and worth retrying. */
  retryAfter?: number;
  /** Extension members (rule details, field errors, health checks); never override the standard ones. */
  extensions?: Record<string, unknown>;
}

type Row = [matches: (error: unknown) => boolean, spec: (error: never) => ProblemSpec];
const is =
  <E>(type: abstract new (...args: never[]) => E) =>
  (error: unknown): boolean =>
    error instanceof type;

/** Not having the role is 403; four-eyes (deciding on one's own proposal) is a rule, so 409 like any other. */
const FORBIDDEN: readonly string[] = [ErrorCode.RoleRequired, ErrorCode.NotProposer, ErrorCode.MinistryNotResponsible];
const NOT_FOUND: readonly string[] = [ErrorCode.NotFound, ErrorCode.ExemptionNotFound];

export function statusForDomainError(error: DomainError): number {
  if (FORBIDDEN.includes(error.code)) return 403;
  if (NOT_FOUND.includes(error.code)) return 404;
  if (error.code.startsWith('INPUT.')) return 400;
  return 409;
}

const IMPORT_STATUS: Partial<Record<string, number>> = {
  [ImportErrorCode.RoleRequired]: 403,
  [ImportErrorCode.BatchNotFound]: 404,
  [ImportErrorCode.CandidateNotFound]: 404,
  [ImportErrorCode.ReleaseNotFound]: 404,
  [ImportErrorCode.ReasonRequired]: 400,
};

/** A list file refused: 400 naming where (part, line, column, element), or 413 when it is too large. */
function listFileProblem(error: ListFormatError): ProblemSpec {
  const { part, line, column, element } = error;
  const where = Object.fromEntries(Object.entries({ part, line, column, element }).filter(([, value]) => value !== undefined));
  return { status: error.code === ListErrorCode.TooLarge ? 413 : 400, code: error.code, detail: error.message, extensions: where };
}

/** The code of an HTTP refusal that names none (Nest's and Fastify's own, or a route's plain one). */
const CODE_FOR_STATUS: Record<number, string> = {
  400: 'INPUT.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  406: 'INPUT.NOT_ACCEPTABLE',
  409: 'RESOURCE.CONFLICT',
  413: 'INPUT.TOO_LARGE',
  414: 'INPUT.URI_TOO_LONG',
  415: 'INPUT.UNSUPPORTED_MEDIA_TYPE',
  422: 'INPUT.UNPROCESSABLE',
  429: 'RATE_LIMIT.EXCEEDED',
  503: 'SERVICE.UNAVAILABLE',
};

/** Fastify's refusals, by their own code, where the status alone says too little. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INPUT.MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INPUT.EMPTY_JSON_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'INPUT.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'INPUT.TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INPUT.INVALID_CONTENT_LENGTH',
  FST_ERR_BAD_URL: 'INPUT.BAD_URL',
};

const codeFor = (status: number) => CODE_FOR_STATUS[status] ?? (status >= 500 ? 'SERVICE.ERROR' : 'INPUT.INVALID');

/** Nest throws NotFoundException("Cannot GET /x") for a route that does not exist. */
const NO_SUCH_ROUTE = /^Cannot [A-Z]+ \//;

function fromHttpException(error: HttpException): ProblemSpec {
  const status = error.getStatus();
  const body = error.getResponse();
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const detail = typeof body === 'string' ? body : typeof fields.message === 'string' ? fields.message : error.message;
  const { errors, checks } = fields;
  // Nest wraps Fastify's own refusals (malformed JSON, a wrong content type) and keeps them as the cause.
  const fastifyCode = FASTIFY_CODES[(error.cause as { code?: string } | undefined)?.code ?? ''];
  const code =
    typeof fields.code === 'string' ? fields.code : (fastifyCode ?? (status === 404 && NO_SUCH_ROUTE.test(detail) ? 'ROUTE.NOT_FOUND' : codeFor(status)));
  return { status, code, detail, extensions: { ...(errors ? { errors } : {}), ...(checks ? { checks } : {}) } };
}

/**
 * The one table from errors to HTTP, first match wins. The application layer throws only domain
 * and application errors; this is where they become statuses, codes and Retry-After.
 */
const TABLE: Row[] = [
  [is(DomainError), (e: DomainError) => ({ status: statusForDomainError(e), code: e.code, detail: e.message, extensions: { ...e.details } })],
  [is(StaleRevisionError), (e: StaleRevisionError) => ({ status: 412, code: 'REVISION.STALE', detail: `The designation has changed since revision ${String(e.expected)}` })],
  [
    is(ConcurrentChangeError),
    (e: ConcurrentChangeError) => ({ status: 409, code: 'DESIGNATION.CONCURRENT_CHANGE', detail: `${e.message}: read it again and retry`, retryAfter: 1 }),
  ],
  // An adapter's own conflict that no handler retried (none should reach here): still a 409, never a 500.
  [is(ConcurrencyConflictError), (e: ConcurrencyConflictError) => ({ status: 409, code: 'DESIGNATION.CONCURRENT_CHANGE', detail: e.message, retryAfter: 1 })],
  [
    is(CommandIdReusedError),
    () => ({ status: 422, code: 'IDEMPOTENCY_KEY.REUSED', detail: 'This Idempotency-Key was already used for a different request; nothing was recorded. Use a new key for a new request' }),
  ],
  [is(ImportRuleError), (e: ImportRuleError) => ({ status: IMPORT_STATUS[e.code] ?? 409, code: e.code, detail: e.message, extensions: { ...e.details } })],
  [is(ListFormatError), listFileProblem],
  [is(PurposeRequiredError), (e: PurposeRequiredError) => ({ status: 400, code: e.code, detail: e.message })],
  // Derived state not ready is the service's to fix, and says when to come back.
  [is(ReadModelUnavailableError), (e: ReadModelUnavailableError) => ({ status: 503, code: 'READ_MODEL.NOT_READY', detail: e.message, retryAfter: e.retryAfterSeconds })],
  [is(ReadModelBehindError), (e: ReadModelBehindError) => ({ status: 503, code: 'READ_MODEL.NOT_READY', detail: e.message, retryAfter: 1 })],
  // The database is away (stopped, restarting): not the caller's fault, and worth retrying shortly.
  [is(EventStoreUnavailableError), (e: EventStoreUnavailableError) => ({ status: 503, code: 'EVENT_STORE.UNAVAILABLE', detail: e.message, retryAfter: 2 })],
  [isRedisUnavailable, () => ({ status: 503, code: 'READ_MODEL.UNAVAILABLE', detail: 'The read models are briefly unavailable; the log is unaffected', retryAfter: 1 })],
  [is(NoCheckpointError), (e: NoCheckpointError) => ({ status: 503, code: 'AUDIT.NO_CHECKPOINT', detail: e.message, retryAfter: 30 })],
  [is(SinceOutOfRangeError), (e: SinceOutOfRangeError) => ({ status: 400, code: 'INPUT.SINCE_OUT_OF_RANGE', detail: e.message })],
  [is(InvalidCursorError), (e: InvalidCursorError) => ({ status: 400, code: 'INPUT.INVALID_CURSOR', detail: e.message })],
  [is(HttpException), fromHttpException],
  // Fastify's own refusals: body too large (413), unsupported media type (415), malformed JSON (400).
  [
    (e) => typeof (e as { statusCode?: unknown })?.statusCode === 'number' && (e as { statusCode: number }).statusCode >= 400 && (e as { statusCode: number }).statusCode < 500,
    (e: Error & { statusCode: number; code?: string }) => ({ status: e.statusCode, code: FASTIFY_CODES[e.code ?? ''] ?? codeFor(e.statusCode), detail: e.message }),
  ],
];

const UNEXPECTED: ProblemSpec = { status: 500, code: 'SERVICE.ERROR', detail: 'The service could not complete the request' };

export function problemSpecFor(error: unknown): ProblemSpec {
  const row = TABLE.find(([matches]) => matches(error));
  return row ? (row[1] as (error: unknown) => ProblemSpec)(error) : UNEXPECTED;
}
