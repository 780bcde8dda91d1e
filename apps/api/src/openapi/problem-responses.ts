import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeadersObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, titleFor } from '../problem/problem-details';
import { ProblemDetailsSchema } from './problem-details.schema';

/** The error statuses the API answers with a problem+json (apps/api/src/problem/error-table.ts). */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

const RETRY_AFTER: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};

/** What each status means here, whichever operation answers it; the codes say which case it is. */
const MEANING: Record<ProblemStatus, { text: string; headers?: HeadersObject }> = {
  400: { text: 'The request is malformed or invalid (body, query, path or headers); nothing was done. `errors` lists every field that failed validation' },
  401: { text: 'No bearer token, or one that is not valid (signature, expiry, issuer, audience)' },
  403: { text: 'The caller is authenticated, but its roles (or ministry) do not allow this' },
  404: { text: 'There is no such designation (or exemption)' },
  409: {
    text: 'A rule refused the command, and the code names the rule; or another change landed at the same moment (`DESIGNATION.CONCURRENT_CHANGE`: read again, and retry after Retry-After). Nothing was recorded',
    headers: RETRY_AFTER,
  },
  412: { text: 'If-Match names a revision that is no longer the latest: read the designation again (its ETag) and decide again. Nothing was recorded' },
  413: { text: 'The body is larger than 1 MiB' },
  415: { text: 'The body is not `application/json`' },
  422: { text: 'This Idempotency-Key was already used for a different request; nothing was recorded. Use a new key for a new request' },
  429: {
    text: 'Over the rate limit: wait the seconds given in Retry-After-Caller (with a token) or Retry-After-Anonymous (without) before trying again',
    headers: {
      'Retry-After-Caller': { description: 'Seconds until the caller (bearer token subject) may send again', schema: { type: 'integer', minimum: 1 } },
      'Retry-After-Anonymous': { description: 'Seconds until requests without credentials from this address may be sent again', schema: { type: 'integer', minimum: 1 } },
    },
  },
  503: { text: 'A dependency is unavailable or not ready, which is the service\'s to fix; nothing was done: try again later (after Retry-After seconds, when it is given)', headers: RETRY_AFTER },
};

/** What an operation adds to a status's general meaning, e.g. when its 404 also means "not yet then". */
export type ProblemNotes = Partial<Record<ProblemStatus, string>>;

/**
 * Declares each status with the problem schema and the codes it can carry (the first is the
 * example). Use the presets below; this is for the odd operation they do not describe.
 */
export function ApiProblems(codes: Partial<Record<ProblemStatus, readonly string[]>>, notes: ProblemNotes = {}): MethodDecorator {
  const responses = (Object.entries(codes) as Array<[string, readonly string[]]>).map(([key, list]) => {
    const status = Number(key) as ProblemStatus;
    const { text, headers } = MEANING[status];
    const note = notes[status] ? ` ${notes[status]}` : '';
    return ApiResponse({
      status,
      description: `${text}.${note} Codes: ${list.map((code) => `\`${code}\``).join(', ')}.`,
      ...(headers ? { headers } : {}),
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { $ref: getSchemaPath(ProblemDetailsSchema) },
          example: { type: `urn:sanctions:problem:${list[0]}`, title: titleFor(status), status, detail: `${text}.`, code: list[0] },
        },
      },
    });
  });
  return applyDecorators(ApiExtraModels(ProblemDetailsSchema), ...responses);
}

/** Codes by what they are about, as the error table, the validation pipe and the controllers write them. */
export const CODES = {
  body: ['INPUT.VALIDATION_FAILED', 'INPUT.MALFORMED_JSON', 'INPUT.EMPTY_JSON_BODY', 'INPUT.TOO_DEEP'],
  /** A path value, If-Match or Idempotency-Key the service refuses. */
  request: 'INPUT.INVALID',
  query: 'INPUT.VALIDATION_FAILED',
  minPosition: 'INPUT.MIN_POSITION_BEYOND_LOG',
  cursor: 'INPUT.INVALID_CURSOR',
  purpose: 'INPUT.PURPOSE_REQUIRED',
  unauthenticated: 'AUTH.UNAUTHENTICATED',
  forbidden: 'AUTH.FORBIDDEN',
  designationNotFound: 'DESIGNATION.NOT_FOUND',
  rateLimited: 'RATE_LIMIT.EXCEEDED',
  eventStore: 'EVENT_STORE.UNAVAILABLE',
  readModels: ['READ_MODEL.NOT_READY', 'READ_MODEL.UNAVAILABLE'],
} as const;

export interface CommandErrorOptions {
  /** 400 codes the domain itself answers, beyond validation (e.g. `INPUT.NOT_YET_HAPPENED`). */
  invalid?: readonly string[];
  /** The rules (409) this command can break, besides a concurrent change. */
  rules?: readonly string[];
  /** 403 codes besides the guard's and the domain's role checks, e.g. `ACTOR.NOT_PROPOSER`. */
  forbidden?: readonly string[];
  /** 404 codes; `false` for a command that names no designation in its path (a proposal). */
  notFound?: readonly string[] | false;
  notes?: ProblemNotes;
}

/**
 * Every error a lifecycle command can answer: validation (400), authentication (401), roles (403),
 * no such designation (404), a rule or a concurrent change (409), a stale If-Match (412), a body too
 * large (413) or not JSON (415), a reused Idempotency-Key (422), the rate limit (429), the log away (503).
 */
export const ApiCommandErrors = ({ invalid = [], rules = [], forbidden = [], notFound = [CODES.designationNotFound], notes }: CommandErrorOptions = {}) =>
  ApiProblems(
    {
      400: [...CODES.body, CODES.request, ...invalid],
      401: [CODES.unauthenticated],
      403: [CODES.forbidden, 'ACTOR.ROLE_REQUIRED', ...forbidden],
      ...(notFound === false ? {} : { 404: notFound }),
      409: [...rules, 'DESIGNATION.CONCURRENT_CHANGE'],
      412: ['REVISION.STALE'],
      413: ['INPUT.TOO_LARGE'],
      415: ['INPUT.UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY.REUSED'],
      429: [CODES.rateLimited],
      503: [CODES.eventStore],
    },
    notes,
  );

export interface ReadErrorOptions {
  /** Where the answer is read from, which says what a 503 means: the read models (Redis) or the log. */
  from: 'read-models' | 'log';
  /** 400 codes; none for a read that takes no input. */
  invalid?: readonly string[];
  /** 404 codes, for a read of one thing by its id. */
  notFound?: readonly string[];
  /** Reads without credentials answer neither 401 nor 403. */
  public?: boolean;
  /** 503 codes besides those of `from`. */
  unavailable?: readonly string[];
  notes?: ProblemNotes;
}

/** Every error a read can answer; a read of the read models that takes `minPosition` also reads the log. */
export const ApiReadErrors = ({ from, invalid = [], notFound, public: isPublic = false, unavailable = [], notes }: ReadErrorOptions) =>
  ApiProblems(
    {
      ...(invalid.length > 0 ? { 400: invalid } : {}),
      ...(isPublic ? {} : { 401: [CODES.unauthenticated], 403: [CODES.forbidden] }),
      ...(notFound ? { 404: notFound } : {}),
      429: [CODES.rateLimited],
      503: [...(from === 'read-models' ? CODES.readModels : [CODES.eventStore]), ...unavailable],
    },
    notes,
  );
