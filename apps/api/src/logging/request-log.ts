import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Options } from 'pino-http';

const ROUTE_PATTERN = Symbol('route pattern');
type LoggedRequest = IncomingMessage & { id?: string | number; [ROUTE_PATTERN]?: string };

/**
 * pino-http sees the Node request, which knows only the raw URL (path values, query); Fastify knows
 * the route pattern that matched. The pattern is left on the Node request for the request's log line.
 */
export function keepRoutePattern(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request.raw as LoggedRequest)[ROUTE_PATTERN] = request.routeOptions?.url;
    done();
  });
}

/** The whole request line: its method, route pattern, status and time. Never headers (tokens), bodies (evidence), the URL or its path values. */
function requestLine(req: LoggedRequest, res: ServerResponse, ms: unknown) {
  return {
    context: 'Http',
    method: req.method,
    route: req[ROUTE_PATTERN] ?? 'unmatched',
    status: res.statusCode,
    ms,
    ...(res.writableEnded ? {} : { aborted: true }),
  };
}

/**
 * pino-http's part of the api's logger: one line per request when it ends, and `requestId` (Fastify's
 * request id, which honours a sane `x-request-id`) on it and on every record logged while the request
 * runs. Neither the request nor the response object is ever bound to a record (quiet loggers, minimal
 * serializers), so nothing of either can be logged by accident.
 */
export function requestLogOptions(): Options<LoggedRequest, ServerResponse> {
  return {
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
    // Fastify's own id, which @fastify/middie puts on the Node request before any middleware runs.
    genReqId: (req) => req.id ?? 'none',
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // 503 is the service saying "not now" (store away, shutting down), which its own records explain.
    customLogLevel: (_req, res, error) => (error || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : res.statusCode >= 500 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, value) => requestLine(req, res, (value as { ms?: unknown }).ms),
    // Not the error itself: its message may carry request data (the exception filter logs its kind).
    customErrorObject: (req, res, _error, value) => requestLine(req, res, (value as { ms?: unknown }).ms),
  };
}
