import { CliError, isProblem, problemLine, UsageError } from './lists-errors';

/** Where the service is when neither --url nor SLS_URL says. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** Connection failures that mean nobody answers at that address (as opposed to an answer cut short). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export interface Answer<T> {
  status: number;
  body: T;
}

/** The running service, as the CLI talks to it: JSON (or a file) in, JSON out, a problem as a CliError. */
export interface Service {
  readonly url: string;
  get<T>(path: string, timeoutMs?: number): Promise<Answer<T>>;
  post<T>(path: string, body: { json: unknown } | { form: FormData } | { blob: Blob; contentType: string }, timeoutMs?: number): Promise<Answer<T>>;
}

/** The service's base URL: --url, else SLS_URL, else the default; anything but http(s) is a usage error. */
export function serviceUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = flag ?? env.SLS_URL ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`${given} is not a URL (--url or SLS_URL, e.g. ${DEFAULT_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${given}: the service is reached over http or https`);
  return url.toString().replace(/\/+$/, '');
}

/** The bearer token, from SLS_TOKEN only: a flag would land in the shell's history and in `ps`. */
export function serviceToken(env: NodeJS.ProcessEnv = process.env): string {
  const token = env.SLS_TOKEN?.trim();
  if (!token) throw new CliError('SLS_TOKEN is not set: export the bearer token of the official acting (e.g. SLS_TOKEN=$(npm run -s token -- --sub <you> --roles official))');
  return token;
}

/** The client; the token is read when the first request is sent, so that usage errors come first. */
export function service(url: string, token: () => string = serviceToken): Service {
  const call = async <T>(method: string, path: string, init: { body?: BodyInit; contentType?: string }, timeoutMs: number): Promise<Answer<T>> => {
    const target = `${url}${path}`;
    const bearer = token();
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: {
          accept: 'application/json, application/problem+json',
          authorization: `Bearer ${bearer}`,
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        body: init.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unreachable(url, error, timeoutMs);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw unreachable(url, error, timeoutMs);
    }
    const body = parseJson(text, response.headers.get('content-type'));
    if (response.ok) {
      if (body === undefined) throw new CliError(`the service at ${url} answered ${method} ${path} with something other than JSON (HTTP ${response.status})`);
      return { status: response.status, body: body as T };
    }
    const transient = [429, 502, 503, 504].includes(response.status);
    if (isProblem(body)) throw new CliError(problemLine(body), transient);
    throw new CliError(`HTTP ${response.status} ${response.statusText} from ${target}${text && body === undefined ? `: ${text.trim().slice(0, 200)}` : ''}`, transient);
  };
  return {
    url,
    get: (path, timeoutMs = 30_000) => call('GET', path, {}, timeoutMs),
    post: (path, body, timeoutMs = 120_000) => {
      if ('json' in body) return call('POST', path, { body: JSON.stringify(body.json), contentType: 'application/json' }, timeoutMs);
      if ('form' in body) return call('POST', path, { body: body.form }, timeoutMs);
      return call('POST', path, { body: body.blob, contentType: body.contentType }, timeoutMs);
    },
  };
}

function parseJson(text: string, contentType: string | null): unknown {
  if (!contentType?.includes('json') || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why fetch gave up, naming the URL: nobody listening, no answer in time, or the connection lost. */
function unreachable(url: string, error: unknown, timeoutMs: number): CliError {
  if ((error as Error).name === 'TimeoutError') return new CliError(`the service at ${url} did not answer within ${Math.round(timeoutMs / 1000)} s`, true);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  // fetch itself refuses a few ports (the Fetch standard's "bad ports"): nothing was sent.
  if (cause?.message === 'bad port') return new CliError(`cannot reach the service at ${url}: fetch refuses that port (a "bad port" of the Fetch standard); use another`);
  if (code && UNREACHABLE.has(code)) return new CliError(`cannot reach the service at ${url} (${code}): is it running? Set --url or SLS_URL to where it listens`, true);
  return new CliError(`lost the connection to the service at ${url} (${code ?? cause?.message ?? (error as Error).message})`, true);
}
