import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** The whole request line: its id, method, route pattern, status and time. Never headers (tokens), bodies (evidence), the URL or its path values. */
function requestLine(request: FastifyRequest, reply: FastifyReply | undefined) {
  return {
    context: 'Http',
    requestId: request.id,
    method: request.method,
    route: request.routeOptions?.url ?? 'unmatched',
    ...(reply ? { status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 } : { aborted: true }),
  };
}

/** 503 is the service saying "not now" (store away, shutting down), which its own records explain. */
function levelOf(status: number): 'error' | 'warn' | 'info' {
  return status >= 500 ? (status === 503 ? 'warn' : 'error') : 'info';
}

/**
 * One line per request when it ends (or when the caller gives up on it), written by the process's
 * root logger from Fastify's own hooks. Fastify knows the route pattern that matched and its own
 * request id (which honours a sane `x-request-id`). Neither the request nor the reply is ever passed
 * to the logger, so nothing of either can be logged by accident.
 *
 * Not pino-http as Nest middleware (issue 16): that ran through @fastify/middie and made a child
 * logger and an async-local store for every request, about a tenth of a command's CPU, to bind the
 * request id to records that name it themselves (the problem filter's).
 */
export function logRequests(fastify: FastifyInstance, logger: () => Logger | undefined): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    logger()?.[levelOf(reply.statusCode)](requestLine(request, reply), 'request');
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    logger()?.info(requestLine(request, undefined), 'request');
    done();
  });
}
