import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';

export interface NetworkWatch {
  /** A URL that answers on this machine: anything that fetched it would show as a connection. */
  url: string;
  connections(): number;
  /** Calls made to Node's network entry points (http/https request, net/tls connect, dns lookup, fetch). */
  calls(): string[];
  close(): Promise<void>;
}

/** Watches for any network use while hostile XML is parsed: a listening socket, and spies on every way out. */
export async function watchNetwork(): Promise<NetworkWatch> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const spies = [
    ['http.request', jest.spyOn(http, 'request')],
    ['http.get', jest.spyOn(http, 'get')],
    ['https.request', jest.spyOn(https, 'request')],
    ['https.get', jest.spyOn(https, 'get')],
    ['net.connect', jest.spyOn(net, 'connect')],
    ['net.createConnection', jest.spyOn(net, 'createConnection')],
    ['tls.connect', jest.spyOn(tls, 'connect')],
    ['dns.lookup', jest.spyOn(dns, 'lookup')],
    ['fetch', jest.spyOn(globalThis, 'fetch')],
  ] as const;
  return {
    url: `http://127.0.0.1:${port}/evil.dtd`,
    connections: () => connections,
    calls: () => spies.filter(([, spy]) => spy.mock.calls.length > 0).map(([name]) => name),
    close: async () => {
      for (const [, spy] of spies) spy.mockRestore();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
