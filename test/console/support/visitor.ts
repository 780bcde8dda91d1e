/**
 * A browser as far as HTTP tests of the console need one: cookies per origin (kept and expired as a
 * browser keeps them), redirects not followed (a test looks at each 303), forms posted as
 * `application/x-www-form-urlencoded`, and the development sign-in. A path is on `baseUrl`; a full
 * URL (another origin, such as an OpenID provider) is fetched as it is, with that origin's cookies.
 * For what needs a real browser (scripts, focus, axe), see browser.ts.
 */
export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  /** Where a 3xx sends the browser, absolute. */
  location: string | null;
}

/** A form's fields by name: a list for a field sent once per value, as checkboxes are. */
export type NamedFields = Record<string, string | string[]>;

/** A form's fields: pairs in order, or by name. */
export type Fields = [string, string][] | NamedFields;

export interface SignInOptions {
  ministry?: string;
  next?: string;
  name?: string;
}

export class Visitor {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(readonly baseUrl: string) {}

  get(path: string | URL, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('GET', path, undefined, headers);
  }

  post(path: string | URL, fields: Fields, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('POST', path, formBody(fields), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  cookie(name: string, url: string = this.baseUrl): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }

  setCookie(name: string, value: string, url: string = this.baseUrl): void {
    const origin = new URL(url).origin;
    this.jar.set(origin, new Map([...(this.jar.get(origin) ?? []), [name, value]]));
  }

  async send(method: string, path: string | URL, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
    const target = new URL(path, this.baseUrl);
    const cookies = this.jar.get(target.origin) ?? new Map<string, string>();
    const sent = new Headers(headers);
    if (cookies.size > 0) sent.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(target, { method, headers: sent, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = value === '' || attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(target.origin, cookies);
    const location = response.headers.get('location');
    return { status: response.status, headers: response.headers, body: await response.text(), location: location === null ? null : new URL(location, target).href };
  }

  /** The CSRF token of the page's first form (the sign-in form, or the header's sign-out form). */
  async csrf(path: string): Promise<string> {
    return hidden((await this.get(path)).body, '_csrf');
  }

  /** Signs in through the development sign-in form; the name shown is the user id unless given. */
  async signIn(userId: string, roles: string[], options: SignInOptions = {}): Promise<Answer> {
    const fields: [string, string][] = [['_csrf', await this.csrf('/console/sign-in')], ['userId', userId], ['name', options.name ?? userId], ...roles.map((role): [string, string] => ['roles', role])];
    if (options.ministry !== undefined) fields.push(['ministry', options.ministry]);
    if (options.next !== undefined) fields.push(['next', options.next]);
    return this.post('/console/sign-in', fields);
  }
}

/** A new visitor, signed in through the development sign-in, which must send them on (303). */
export async function signedIn(baseUrl: string, userId: string, roles: string[], options: SignInOptions = {}): Promise<Visitor> {
  const visitor = new Visitor(baseUrl);
  expect((await visitor.signIn(userId, roles, options)).status).toBe(303);
  return visitor;
}

/** Fields as a form sends them, `a=1&b=2&b=3`: a list by name is one pair per value. */
function formBody(fields: Fields): string {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields).flatMap(([name, value]) => ([] as string[]).concat(value).map((one): [string, string] => [name, one]));
  return new URLSearchParams(pairs).toString();
}

/** `probe`'s first answer other than undefined, asked again every quarter second until `timeoutMs` have passed. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The value of a hidden (or any) input of the page, by name. */
export function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no field ${name} on the page`);
  return match[1];
}

/** A page's text as a reader sees it: tags out, entities for quotes undone, whitespace collapsed. */
export const textOf = (html: string): string =>
  html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
