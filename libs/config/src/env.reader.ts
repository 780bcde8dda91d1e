import { fail } from './config.errors';

export type Env = Record<string, string | undefined>;

/** Every section reads the environment alike: values trimmed, an empty one is unset. */
export class EnvReader {
  constructor(private readonly env: Env) {}

  text(name: string): string | undefined {
    const text = this.env[name]?.trim();
    return text ? text : undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.text(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) fail(name, `must be a whole number between ${min} and ${max}`);
    return n;
  }
}

export function parseUrl(name: string, text: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(name, 'is not a valid URL');
  }
  if (!protocols.includes(url.protocol)) fail(name, `must use ${protocols.join(' or ')}`);
  return url;
}
