import { Catch, Inject, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isPagePath } from '../console/console-http';
import { PAGE_ERRORS } from '../console/console.tokens';
import { problemSpecFor } from './error-table';
import { PROBLEM_CONTENT_TYPE, titleFor, type ProblemDetails } from './problem-details';

/**
 * Every error of the JSON API leaves as `application/problem+json`, as the error table says. On a
 * page path (the console, the public register) an error no page controller caught (an unknown
 * page's 404, a body Fastify refused) is a page too.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(@Optional() @Inject(PAGE_ERRORS) private readonly pageErrors?: ExceptionFilter) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url?: string; id?: string }>();
    if (this.pageErrors && request.url !== undefined && isPagePath(request.url)) {
      this.pageErrors.catch(error, host);
      return;
    }
    const reply = http.getResponse<{ status(code: number): unknown; header(k: string, v: string): unknown; send(body: unknown): unknown }>();
    const { problem, retryAfter } = toProblem(error, request.url);
    if (problem.status >= 500 && problem.status !== 503) {
      // The message may carry request data; only its kind and the correlation id are logged.
      this.logger.error({ message: 'Unhandled error', error: (error as Error)?.name, requestId: request.id });
    }
    reply.status(problem.status);
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    reply.header('content-type', PROBLEM_CONTENT_TYPE);
    reply.send(problem);
  }
}

/** The RFC 9457 body for an error, and its Retry-After (seconds) if it has one. */
export function toProblem(error: unknown, url?: string): { problem: ProblemDetails; retryAfter?: number } {
  const spec = problemSpecFor(error);
  const problem: ProblemDetails = {
    ...spec.extensions,
    type: `urn:sanctions:problem:${spec.code}`,
    title: titleFor(spec.status),
    status: spec.status,
    detail: spec.detail,
    code: spec.code,
    ...(url !== undefined ? { instance: url.split('?')[0] } : {}),
  };
  return { problem, retryAfter: spec.retryAfter };
}
