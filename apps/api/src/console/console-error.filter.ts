import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { problemSpecFor } from '../problem/error-table';
import { CsrfRefused, SignInRequired } from './console.errors';
import { Pages } from './pages';

const TITLES: Record<number, string> = {
  400: 'There is a problem with the request',
  403: 'You cannot do this',
  404: 'Page not found',
  405: 'This cannot be done here',
  413: 'What you sent is too large',
  415: 'This cannot be sent here',
  429: 'Too many requests',
  503: 'Sorry, the service is unavailable',
};

/** Errors on a page are pages: the sign-in page when not signed in, otherwise a page that says what happened and what to do. */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly pages: Pages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest();
    const reply = http.getResponse<FastifyReply>();
    const session = request.consoleSession;
    if (error instanceof SignInRequired) {
      this.pages.seeOther(reply, `/console/sign-in?next=${encodeURIComponent(error.returnTo)}`);
      return;
    }
    if (error instanceof CsrfRefused) {
      void this.pages.send(reply, session, 'error.njk', {
        title: 'Your form could not be sent',
        detail: 'It did not come from a page of this service in your current session, or the session has ended. Nothing was recorded. Go back, reload the page and send the form again.',
      }, { status: 403 });
      return;
    }
    // The API's error table decides the status (a Fastify refusal, a read model away: 503), the page says it in words.
    const spec = problemSpecFor(error);
    const status = spec.status;
    // The message may carry request data; only its kind and the correlation id are logged.
    if (status >= 500 && status !== 503) this.logger.error({ message: 'page failed', error: (error as Error)?.name, requestId: request.id });
    const detail =
      status === 503
        ? 'The service cannot answer this just now. Nothing you sent was lost if you saw a confirmation; otherwise try again in a moment.'
        : status >= 500
          ? 'Something went wrong on our side. Nothing you sent was lost if you saw a confirmation; otherwise try again in a moment.'
          : error instanceof HttpException
            ? pageDetail(error)
            : spec.detail;
    void this.pages.send(reply, session, 'error.njk', { title: TITLES[status] ?? (status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem'), detail }, { status });
  }
}

function pageDetail(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  if (error.getStatus() === 404) return 'If you typed the web address, check it is correct. If you followed a link, the page may have moved.';
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}
