import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { exampleProposal } from './support/example-proposal';
import { startApi, token } from './support/api-test-app';

/** Keeps every line the api's pino logger writes, to search them the way an operator's log store would. */
class LogLines {
  readonly text: string[] = [];
  write(line: string): void {
    this.text.push(line);
  }
  get records(): Record<string, unknown>[] {
    return this.text.map((line) => JSON.parse(line));
  }
}

describe('request logging (e2e)', () => {
  const logs = new LogLines();
  let api: Awaited<ReturnType<typeof startApi>>;
  let bearer: string;
  let createdId: string;
  const secretEvidence = 'SECRET-EVIDENCE-7f3a9c';
  const secretCookie = 'session-SECRET-COOKIE-41d2';
  const pathId = randomUUID();

  beforeAll(async () => {
    // At debug, the strictest: whatever is logged at any level must still keep the secrets out.
    api = await startApi({ LOG_LEVEL: 'debug' }, logs);
    bearer = await token('official-1', ['official']);
    const http = () => request(api.app.getHttpServer());
    await http()
      .post('/designations')
      .set('authorization', `Bearer ${bearer}`)
      .set('cookie', secretCookie)
      .set('x-request-id', 'corr-12345')
      .send({ statementOfReasons: secretEvidence, attribution: { confidence: 'high', evidence: [{ summary: secretEvidence }] } })
      .expect(400);
    const created = await http()
      .post('/designations')
      .set('authorization', `Bearer ${bearer}`)
      .set('x-request-id', 'corr-created')
      .send({ ...exampleProposal(), statementOfReasons: secretEvidence })
      .expect(201);
    createdId = created.body.id;
    await http().get(`/designations/${pathId}`).set('authorization', `Bearer ${bearer}`).set('x-request-id', 'not a sane id!').expect(404);
  });
  afterAll(() => api.close());

  const requestLines = () => logs.records.filter((record) => record.message === 'request');

  it('writes one JSON object a line, with a level name, an ISO time and a message', () => {
    expect(logs.text.length).toBeGreaterThan(3);
    for (const record of logs.records) {
      expect(record).toEqual(expect.objectContaining({ level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) }));
      expect(typeof record.message).toBe('string');
    }
  });

  it('logs each request once with its correlation id, method, route pattern, status and time', () => {
    const lines = requestLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'info', requestId: 'corr-12345', method: 'POST', route: '/designations', status: 400, ms: expect.any(Number) }));
    expect(lines[1]).toEqual(expect.objectContaining({ requestId: 'corr-created', route: '/designations', status: 201 }));
    // An id a caller sends that is not sane is replaced by the request's own.
    expect(lines[2]).toEqual(expect.objectContaining({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), method: 'GET', route: '/designations/:id', status: 404 }));
  });

  it('never logs the token, a cookie, a body field or a path value', () => {
    const all = logs.text.join('');
    expect(all).not.toContain(bearer);
    expect(all).not.toContain(bearer.split('.')[2]);
    expect(all).not.toContain(secretCookie);
    expect(all).not.toContain(secretEvidence);
    expect(all).not.toContain(pathId);
    // The new designation's id is in its Location header and body, never in the log.
    expect(createdId).toMatch(/^[0-9a-f-]{36}$/);
    expect(all).not.toContain(createdId);
    expect(all).not.toMatch(/authorization|cookie|headers|"url"/i);
  });

  it("keeps Nest's route listing at debug, not info", () => {
    const listing = logs.records.filter((record) => record.context === 'RouterExplorer' || record.context === 'RoutesResolver');
    expect(listing.length).toBeGreaterThan(20);
    expect(listing.filter((record) => record.level !== 'debug')).toEqual([]);
    // Nest's other start lines still come through at info: the logger is the api's, not silenced.
    expect(logs.records.some((record) => record.level === 'info' && record.context === 'NestApplication')).toBe(true);
  });
});
