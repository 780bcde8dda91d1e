import { fail } from './config.errors';
import { parseUrl, type EnvReader } from './env.reader';

export interface HttpConfig {
  port: number;
  /** Where the public reaches this service; links in the public register and its exports use it. */
  publicBaseUrl: string;
  /** TRUST_PROXY: whose X-Forwarded-For to believe for the caller's address (Fastify's trustProxy). */
  trustProxy: boolean | string;
}

export function httpConfig(env: EnvReader): HttpConfig {
  const portText = env.text('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) fail('PORT', 'must be a port number between 1 and 65535');
  const publicBaseUrl = env.text('PUBLIC_BASE_URL') ?? `http://localhost:${port}`;
  parseUrl('PUBLIC_BASE_URL', publicBaseUrl, ['https:', 'http:']);
  return { port, publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''), trustProxy: parseTrustProxy(env.text('TRUST_PROXY')) };
}

/**
 * `TRUST_PROXY`: unset or `false` (the socket's address is the client's), `true`, or
 * comma-separated addresses/CIDRs of the proxies in front. Behind a proxy, without it every anonymous
 * caller would share the proxy's rate limit.
 */
function parseTrustProxy(text: string | undefined): boolean | string {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  if (/^[0-9A-Fa-f.:/]+(,\s*[0-9A-Fa-f.:/]+)*$/.test(text)) return text;
  return fail('TRUST_PROXY', 'must be true, false, or comma-separated proxy addresses/CIDRs');
}
