import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { token } from '../../api/support/api-test-app';

/** Puts the app on a real loopback socket; returns its base URL. */
export async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** Requests over a real socket with Node's fetch (keep-alive), as a client of the service would send them. */
export async function caller(baseUrl: string, sub: string, roles: string[], extra: Record<string, unknown> = {}) {
  const bearer = await token(sub, roles, extra);
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

export type Caller = Awaited<ReturnType<typeof caller>>;

/** Tallies of statuses, printed as the tier's counts. */
export class StatusTally {
  readonly byStatus = new Map<number, number>();
  add(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  count(predicate: (status: number) => boolean): number {
    return [...this.byStatus].filter(([status]) => predicate(status)).reduce((sum, [, n]) => sum + n, 0);
  }
  toString(): string {
    return [...this.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}=${n}`).join(' ');
  }
}
