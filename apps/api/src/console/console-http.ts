import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConsoleConfig } from '@app/config';

/** The paths that serve pages (the staff console and the public register); everything else is the JSON API. */
export const PAGE_PATHS = /^\/(?:console|register)(?:[/?#]|$)/;

export const isPagePath = (url: string): boolean => PAGE_PATHS.test(url);

/** A form of the console is small: a statement of reasons at its limit and every other field fit well inside. */
export const FORM_LIMIT_BYTES = 256 * 1024;

export type FormBody = Record<string, string | string[]>;

/** An `application/x-www-form-urlencoded` body as fields; a field sent more than once (checkboxes) is a list. */
export function formFields(text: string): FormBody {
  const fields: FormBody = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return fields;
}

/**
 * The strict policy of every page: nothing inline, nothing from elsewhere. Forms post only here,
 * and to the provider when signing out there (Chromium applies form-action to a form's redirects).
 */
export function contentSecurityPolicy(config: ConsoleConfig): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'", ...(config.oidc ? [config.oidc.issuer.origin] : [])],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  };
}

/**
 * What pages need of Fastify, registered before Nest's routes: cookies, form bodies (for page paths
 * only: the JSON API still answers a form body with 415) and helmet's security headers on every
 * page, its 404s and errors included. The JSON API keeps its own headers; Swagger UI at /docs, which
 * needs inline script, is not a page of ours.
 */
export async function registerPageSupport(fastify: FastifyInstance, config: ConsoleConfig): Promise<void> {
  await fastify.register(fastifyCookie);
  await fastify.register(fastifyHelmet, {
    global: false,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (isPagePath(request.url)) await (reply as FastifyReply & { helmet(): Promise<void> | void }).helmet();
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (request, body, done) => {
    if (!isPagePath(request.url)) {
      const error = Object.assign(new Error(`Unsupported Media Type: application/x-www-form-urlencoded`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
      done(error, undefined);
      return;
    }
    done(null, formFields(String(body)));
  });
}
