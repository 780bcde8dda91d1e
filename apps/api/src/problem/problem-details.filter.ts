import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { EventStoreUnavailableError } from '@app/event-store';
import { NoCheckpointError, SinceOutOfRangeError } from '@app/audit';
import { InvalidCursorError, ReadModelBehindError, ReadModelUnavailableError } from '@app/read-models';
import { isRedisUnavailable } from './dependency-errors';
import { PROBLEM_CONTENT_TYPE, statusForDomainError, titleFor, type ProblemDetails } from './problem-details';

/** The one place where failures become HTTP: every error leaves as `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url?: string; id?: string }>();
    const reply = http.getResponse<{ status(code: number): unknown; header(k: string, v: string): unknown; send(body: unknown): unknown }>();
    const problem = { ...toProblem(error), instance: request.url?.split('?')[0] };
    if (problem.status >= 500 && problem.status !== 503) {
      // The message may carry request data; only its kind and the correlation id are logged.
      this.logger.error({ message: 'Unhandled error', error: (error as Error)?.name, requestId: request.id });
    }
    reply.status(problem.status);
    if (error instanceof ReadModelUnavailableError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof ReadModelBehindError) reply.header('retry-after', '1');
    if (error instanceof NoCheckpointError) reply.header('retry-after', '30');
    if (error instanceof EventStoreUnavailableError) reply.header('retry-after', '2');
    if (isRedisUnavailable(error)) reply.header('retry-after', '1');
    reply.header('content-type', PROBLEM_CONTENT_TYPE);
    reply.send(problem);
  }
}

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) {
    const status = statusForDomainError(error);
    // Rule details are extension members; they never override the standard ones (a detail may be named `status`).
    return { ...error.details, type: `urn:sanctions:problem:${error.code}`, title: titleFor(status), status, detail: error.message, code: error.code };
  }
  // Derived state not ready is the service's to fix, and says when to come back (Retry-After).
  if (error instanceof ReadModelUnavailableError || error instanceof ReadModelBehindError) {
    return { type: 'urn:sanctions:problem:READ_MODEL.NOT_READY', title: titleFor(503), status: 503, detail: error.message, code: 'READ_MODEL.NOT_READY' };
  }
  // The database is away (stopped, restarting): not the caller's fault, and worth retrying shortly.
  if (error instanceof EventStoreUnavailableError) {
    return { type: 'urn:sanctions:problem:EVENT_STORE.UNAVAILABLE', title: titleFor(503), status: 503, detail: error.message, code: 'EVENT_STORE.UNAVAILABLE' };
  }
  if (isRedisUnavailable(error)) {
    return { type: 'urn:sanctions:problem:READ_MODEL.UNAVAILABLE', title: titleFor(503), status: 503, detail: 'The read models are briefly unavailable; the log is unaffected', code: 'READ_MODEL.UNAVAILABLE' };
  }
  if (error instanceof NoCheckpointError) {
    return { type: 'urn:sanctions:problem:AUDIT.NO_CHECKPOINT', title: titleFor(503), status: 503, detail: error.message, code: 'AUDIT.NO_CHECKPOINT' };
  }
  if (error instanceof SinceOutOfRangeError) {
    return { type: 'urn:sanctions:problem:INPUT.SINCE_OUT_OF_RANGE', title: titleFor(400), status: 400, detail: error.message, code: 'INPUT.SINCE_OUT_OF_RANGE' };
  }
  if (error instanceof InvalidCursorError) {
    return { type: 'urn:sanctions:problem:INPUT.INVALID_CURSOR', title: titleFor(400), status: 400, detail: error.message, code: 'INPUT.INVALID_CURSOR' };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const { errors, code, checks } = fromBody as { errors?: ProblemDetails['errors']; code?: string; checks?: unknown };
    const detail = typeof body === 'string' ? body : typeof fromBody.message === 'string' ? fromBody.message : error.message;
    return { type: 'about:blank', title: titleFor(status), status, detail, ...(code ? { code } : {}), ...(errors ? { errors } : {}), ...(checks ? { checks } : {}) };
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals: body too large (413), unsupported media type (415), malformed JSON (400).
    return { type: 'about:blank', title: titleFor(statusCode), status: statusCode, detail: (error as Error).message };
  }
  return { type: 'about:blank', title: titleFor(500), status: 500, detail: 'The service could not complete the request' };
}
