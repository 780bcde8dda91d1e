import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { unFile } from './support/shared-lists';

/**
 * Issue 15: a partner's list fetched on schedule (PARTNER_FEEDS), here from a server on loopback
 * standing in for the UN's: each new release is recorded by the service itself, an unchanged file
 * records nothing, and a broken one is refused and recorded nowhere.
 */
describe('partner feeds: the worker fetches and records a partner list on its own (issue 15)', () => {
  let served: Buffer | string = unFile('2018-06-21');
  let status = 200;
  let requests = 0;
  let server: Server;
  let running: Awaited<ReturnType<typeof startApiWithWorker>>;
  let official: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(status, { 'content-type': 'application/xml' }).end(served);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    running = await startApiWithWorker({
      PARTNER_FEEDS: `un-xml=http://127.0.0.1:${port}/consolidated.xml`,
      PARTNER_FETCH_EVERY_MS: '200',
      PARTNER_WATCH_PROGRAMS: 'un-xml=Al-Qaida',
    });
    official = await token('official-ana', ['official']);
  });
  afterAll(async () => {
    await running?.close();
    await new Promise((done) => server.close(done));
  });

  const partnerList = async () => {
    const lists = (await request(running.app.getHttpServer()).get('/lists').set('authorization', `Bearer ${official}`).expect(200)).body;
    return lists.find((list: { listId: string }) => list.listId === 'partner-un-xml');
  };
  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('records the first release it fetches, and then only a new one', async () => {
    await until(async () => (await partnerList())?.current?.releaseDate?.startsWith('2018-06-21') === true, 'the first release recorded');
    const first = await partnerList();
    expect(first.releases).toHaveLength(1);
    expect(first.candidates.open).toBeGreaterThan(0);

    // The same file fetched again records nothing.
    const seen = requests;
    await until(async () => requests >= seen + 3, 'three more fetches');
    expect((await partnerList()).releases).toHaveLength(1);

    served = unFile('2018-08-24');
    await until(async () => (await partnerList())?.current?.releaseDate?.startsWith('2018-08-24') === true, 'the next release recorded');
    expect((await partnerList()).releases.map((r: { releaseDate: string }) => r.releaseDate.slice(0, 10))).toEqual(['2018-06-21', '2018-08-24']);
    const candidates = (await request(running.app.getHttpServer()).get('/alignment/candidates?status=open').set('authorization', `Bearer ${official}`).expect(200)).body;
    expect(candidates.some((c: { references: string[] }) => c.references.includes('un:QDi.415'))).toBe(true);
  });

  it('records nothing from a file that is not a list, an older release, or a failing server', async () => {
    const before = (await partnerList()).releases.length;
    for (const [body, code] of [
      ['<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>', 200],
      [unFile('2018-06-07'), 200],
      ['', 503],
    ] as const) {
      served = body;
      status = code;
      const seen = requests;
      await until(async () => requests >= seen + 2, 'two more fetches');
    }
    expect((await partnerList()).releases.length).toBe(before);
    expect((await partnerList()).current.releaseDate.startsWith('2018-08-24')).toBe(true);
  });
});
