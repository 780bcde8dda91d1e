import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import { AppModule } from './app.module';
import { openApiDocument } from './openapi/openapi-document';
import { toProblem } from './problem/problem-details.filter';
import { registerBodySchemas } from './problem/body-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem/problem-details';
import type { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { DesignationHandler } from '@app/application';
import type { DeliveryHandler } from '@app/deadlines';
import { DELIVERY_HANDLER, DESIGNATION_HANDLER } from './designations/designations.tokens';
import { appLogger } from './logging/app-logger';
import { loggingParams, type LogSink } from './logging/logging-params';
import { logRequests } from './logging/request-log';
import { registerUploadParsers } from './lists/upload-body';
import { registerPageSupport } from './console/console-http';

/** Requests carry at most this much JSON; a designation with every list at its limit fits well inside. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The part of Fastify's reply a framework error needs (its own type is generic per route). */
type ProblemReply = { code(status: number): ProblemReply; header(name: string, value: string): ProblemReply; send(body: unknown): unknown };

export function fastifyAdapter(trustProxy: AppConfig['trustProxy'] = false): FastifyAdapter {
  const options: FastifyServerOptions = {
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy,
    // A URL the router refuses (bad percent-encoding, a path segment over 100 characters) is a
    // problem+json too, not Fastify's own JSON.
    frameworkErrors: (error, request, reply) => {
      const { problem } = toProblem(error, request.url);
      void (reply as unknown as ProblemReply).code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
    },
    // A caller's correlation id is kept when it is sane; otherwise the request gets its own.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
  const adapter = new FastifyAdapter(options);
  // Only JSON bodies are accepted; anything else is 415, not a string handed to validation.
  adapter.getInstance().removeContentTypeParser(['text/plain']);
  return adapter;
}

/**
 * The api, initialised and ready to listen. `logs`: stdout as LOG_FORMAT/LOG_LEVEL say (the default),
 * a stream of JSON lines, or `false` for none (tests).
 */
export async function createApp(
  config: AppConfig,
  logs: LogSink = 'stdout',
  options: { swaggerUi?: boolean; store?: EventStore } = {},
): Promise<NestFastifyApplication> {
  const logging = loggingParams(config, logs);
  const adapter = fastifyAdapter(config.trustProxy);
  // nestjs-pino's one root logger of the process, made when the app's logger is (below).
  logRequests(adapter.getInstance(), () => PinoLogger.root);
  registerUploadParsers(adapter.getInstance() as never, config.lists.uploadMaxBytes);
  await registerPageSupport(adapter.getInstance() as never, config.console);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, { store: options.store, logging }), adapter, {
    logger: logs === false ? false : appLogger(logging),
    abortOnError: false,
    // Fastify's own JSON parser only: Nest's default would add a form-urlencoded one (a 415 is meant).
    bodyParser: false,
  });
  mountOpenApi(app, config, options.swaggerUi);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** What the api opened and bound, for a worker that runs in the same process (apps/embedded). */
export function sharedWithWorker(app: INestApplication): { store: EventStore; designations: DesignationHandler; deliveries: DeliveryHandler } {
  return { store: app.get(EVENT_STORE), designations: app.get(DESIGNATION_HANDLER), deliveries: app.get(DELIVERY_HANDLER) };
}

/**
 * `/openapi.json` is generated from the code; Swagger UI at `/docs` is served by the running service
 * (main.ts) only, as its static assets need ESM-only packages that Jest's runtime cannot load.
 */
export function mountOpenApi(app: INestApplication, config: AppConfig, withUi = false): void {
  const document = openApiDocument(app, config);
  registerBodySchemas((document.components?.schemas ?? {}) as Record<string, unknown>);
  if (withUi) SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  else app.getHttpAdapter().get('/openapi.json', (_request: unknown, reply: { send(body: unknown): void }) => reply.send(document));
}
