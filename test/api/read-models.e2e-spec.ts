import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import request from 'supertest';
import { startApi, startApiWithWorker, token } from './support/api-test-app';
import { days, exampleProposal } from './support/example-proposal';
import { deletePrefix } from '../read-models/support/read-model-dump';

/**
 * The read models end to end: commands through the api, the worker projecting into Redis, and the
 * list, exemption registry, public register, change feed and FollowTheMoney export reading them.
 */
let app: NestFastifyApplication;
let prefix: string;
let close: () => Promise<void>;
let official: string;
let senior: string;
let court: string;

jest.setTimeout(30_000);

beforeAll(async () => {
  ({ app, prefix, close } = await startApiWithWorker());
  [official, senior, court] = await Promise.all([
    token('official-1', ['official']),
    token('senior-1', ['senior_official']),
    token('court-1', ['court']),
  ]);
});
afterAll(() => close());

const http = () => request(app.getHttpServer());
const post = (bearer: string, path: string, body: object) => http().post(path).set('authorization', `Bearer ${bearer}`).send(body);
const get = (path: string, bearer = official) => http().get(path).set('authorization', `Bearer ${bearer}`);

interface Made {
  id: string;
  position: number;
}

/** Proposes (and, unless told otherwise, approves) a designation; returns its id and the last position. */
async function designate(overrides: Record<string, unknown> = {}, approve = true): Promise<Made> {
  const proposed = await post(official, '/designations', { ...exampleProposal(), ...overrides }).expect(201);
  if (!approve) return proposed.body;
  const approved = await post(senior, `/designations/${proposed.body.id}/approve`, {}).expect(200);
  return approved.body;
}

const target = (name: string, extra: Record<string, unknown> = {}) => ({
  target: { kind: 'entity', name, aliases: [], country: 'XX', identifiers: [], ...extra },
});

describe('GET /designations', () => {
  let fancy: Made, sandworm: Made, pending: Made, spy: Made;

  beforeAll(async () => {
    fancy = await designate(target('Fancy Bear', { aliases: ['Sófacy', 'APT 28'], country: 'RU' }));
    sandworm = await designate({ ...target('Sandworm Team', { country: 'RU' }), category: 'armed_cyber_aggression', attribution: strongAttribution() });
    spy = await designate({ ...target('Charming Kitten', { kind: 'individual', country: 'IR' }), legalBasis: [{ instrument: 'Domestic Cyber Sanctions Act', provision: 's. 4', jurisdiction: 'domestic' }] });
    pending = await designate(target('Pending Group'), false);
  });

  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

  it('reads its own writes: a command position passed as minPosition is reflected at once', async () => {
    const { body } = await get(`/designations?minPosition=${pending.position}&limit=200`).expect(200);
    expect(ids(body)).toEqual(expect.arrayContaining([fancy.id, sandworm.id, spy.id, pending.id]));
    expect(body.position).toBeGreaterThanOrEqual(pending.position);
    const row = body.items.find((i: { id: string }) => i.id === fancy.id);
    expect(row).toMatchObject({ status: 'active', name: 'Fancy Bear', country: 'RU', category: 'cyber_espionage', measureTypes: ['asset_freeze', 'travel_ban'] });
    expect(JSON.stringify(body)).not.toMatch(/evidence|attribution|Partner intelligence/);
  });

  it('filters by status, category, measure type, country, legal instrument, target kind and text', async () => {
    const q = async (query: string) => ids((await get(`/designations?${query}&minPosition=${pending.position}`).expect(200)).body);
    expect(await q('status=proposed')).toEqual([pending.id]);
    expect(await q('category=armed_cyber_aggression')).toEqual([sandworm.id]);
    expect(await q('country=ru&sort=name')).toEqual([fancy.id, sandworm.id]);
    expect(await q(`instrument=${encodeURIComponent('domestic cyber sanctions act')}`)).toEqual([spy.id]);
    expect(await q('targetKind=individual')).toEqual([spy.id]);
    expect(await q('measureType=travel_ban&country=IR')).toEqual([spy.id]);
    expect(await q('q=sofacy')).toEqual([fancy.id]);
    expect(await q('q=apt%2028')).toEqual([fancy.id]);
    expect(await q('q=bear&status=proposed')).toEqual([]);
  });

  it('filters by a reference on another list, as given or in another case (issue 15)', async () => {
    const coalition = { coordination: 'joint', partners: ['UN'], crossListReferences: ['QDi.413'] };
    const listed = await designate({ ...target('Cross Listed Group'), coalition });
    const q = async (query: string) => (await get(`/designations?${query}&minPosition=${listed.position}`).expect(200)).body;
    const found = await q(`reference=${encodeURIComponent(' qdi.413 ')}`);
    expect(ids(found)).toEqual([listed.id]);
    expect(found.items[0]).toMatchObject({ crossListReferences: ['QDi.413'] });
    expect(found.items[0]).not.toHaveProperty('source');
    expect(ids(await q('reference=QDi.999'))).toEqual([]);
    expect(ids(await q('reference=QDi.413&status=proposed'))).toEqual([]);
  });

  it('sorts, and pages with a cursor', async () => {
    const all = ids((await get(`/designations?sort=-name&limit=200&minPosition=${pending.position}`).expect(200)).body);
    expect(all.indexOf(sandworm.id)).toBeLessThan(all.indexOf(fancy.id));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await get(`/designations?sort=-name&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses bad queries with problem+json 400, and anonymous callers with 401', async () => {
    for (const query of ['limit=201', 'limit=0', 'status=dormant', 'sort=colour', 'cursor=not-ours', 'minPosition=-1', 'colour=red', 'category=a&category=b']) {
      const response = await get(`/designations?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const other = (await get('/designations?sort=name&limit=1').expect(200)).body.nextCursor;
    expect((await get(`/designations?sort=-name&cursor=${other}`)).status).toBe(400);
    expect((await http().get('/designations')).status).toBe(401);
    expect((await get('/designations', court)).status).toBe(200);
  });
});

describe('GET /exemptions', () => {
  it('lists exemptions in force, revoked and expired', async () => {
    const made = await designate(target('Exempted Group'));
    await post(official, `/designations/${made.id}/exemptions`, {
      exemptionId: 'ex-food', kind: 'food', measureIds: ['m-freeze'], beneficiary: 'Importers', conditions: 'Staple foods', oversightBody: 'Customs', validUntil: days(300),
    }).expect(200);
    const revoked = await post(official, `/designations/${made.id}/exemptions/ex-medicine/revoke`, { reason: 'Abused' }).expect(200);
    const { body } = await get(`/exemptions?designationId=${made.id}&minPosition=${revoked.body.position}`).expect(200);
    expect(body.items).toEqual([
      expect.objectContaining({ exemptionId: 'ex-food', kind: 'food', status: 'in_force', beneficiary: 'Importers' }),
      expect.objectContaining({ designationId: made.id, exemptionId: 'ex-medicine', kind: 'medicine', status: 'revoked', designationStatus: 'active' }),
    ]);
    const revokedOnly = (await get(`/exemptions?designationId=${made.id}&status=revoked`).expect(200)).body.items;
    expect(revokedOnly.map((e: { exemptionId: string }) => e.exemptionId)).toEqual(['ex-medicine']);
    const inForce = (await get('/exemptions?status=in_force&limit=200').expect(200)).body.items;
    expect(inForce.length).toBeGreaterThan(0);
    expect(inForce.every((e: { status: string }) => e.status === 'in_force')).toBe(true);
    expect((await get('/exemptions?status=paused')).status).toBe(400);
    expect((await http().get('/exemptions')).status).toBe(401);
  });
});

describe('the public register, its change feed and its FollowTheMoney export', () => {
  it('shows designations in force only, redacted, and records each change as ADD, MOD or DEL', async () => {
    const start = (await http().get('/public/register').expect(200)).body.position as number;
    const made = await designate(target('Public Test Group', { aliases: ['PTG'] }));
    const proposalOnly = await designate(target('Never Issued Group'), false);

    const register = await http().get(`/public/register?minPosition=${proposalOnly.position}`).expect(200);
    const entry = register.body.entries.find((e: { id: string }) => e.id === made.id);
    expect(entry).toMatchObject({ status: 'active', target: { name: 'Public Test Group' }, statementOfReasons: expect.any(String) });
    expect(register.body.entries.find((e: { id: string }) => e.id === proposalOnly.id)).toBeUndefined();
    const text = JSON.stringify(register.body);
    for (const secret of ['attribution', 'Partner intelligence report', 'C2 infrastructure overlap', 'corroboratedBy', 'proposedBy', 'beneficiary', 'reviewingMinistries', 'official-1']) {
      expect(text).not.toContain(secret);
    }
    await http().get(`/public/register/${made.id}`).expect(200);
    await http().get(`/public/register/${proposalOnly.id}`).expect(404);

    const amended = await post(official, `/designations/${made.id}/amendments`, { target: { aliases: ['PTG', 'Public Testers'] }, justification: 'New alias' }).expect(200);
    const lifted = await post(senior, `/designations/${made.id}/lift`, { reason: 'objectives_met', justification: 'Done' }).expect(200);
    const feed = await http().get(`/public/changes?since=${start}&minPosition=${lifted.body.position}`).expect(200);
    const mine = feed.body.changes.filter((c: { id: string }) => c.id === made.id);
    expect(mine.map((c: { op: string }) => c.op)).toEqual(['ADD', 'MOD', 'DEL']);
    expect(mine[1].entry.target.aliases).toEqual(['PTG', 'Public Testers']);
    expect(mine[1].position).toBe(amended.body.position);
    expect(mine[2]).not.toHaveProperty('entry');
    expect(feed.body.changes.some((c: { id: string }) => c.id === proposalOnly.id)).toBe(false);
    expect(feed.body.nextSince).toBeGreaterThanOrEqual(lifted.body.position);
    expect((await http().get(`/public/changes?since=${feed.body.nextSince}`).expect(200)).body.changes).toEqual([]);
    await http().get(`/public/register/${made.id}`).expect(404);

    const paged = await http().get(`/public/changes?since=${start}&limit=1`).expect(200);
    expect(paged.body.changes).toHaveLength(1);
    expect(paged.body.nextSince).toBe(paged.body.changes[0].position);
    for (const query of ['since=-1', 'since=abc', 'limit=1001', 'colour=red']) {
      expect((await http().get(`/public/changes?${query}`)).status).toBe(400);
    }
  });

  it('exports the register as FollowTheMoney entities, one per line', async () => {
    const person = await designate({ ...target('Ivan Example', { kind: 'individual', identifiers: [{ type: 'passport', value: 'P1234567' }] }) });
    const response = await http().get(`/public/register.ftm.jsonl?minPosition=${person.position}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const entities = response.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    const targetEntity = entities.find((e) => e.properties.name?.includes('Ivan Example'));
    expect(targetEntity.schema).toBe('Person');
    const sanction = entities.find((e) => e.schema === 'Sanction' && e.properties.entity?.includes(targetEntity.id));
    expect(sanction.properties).toMatchObject({
      status: ['active'],
      reason: [expect.any(String)],
      program: ['Regulation (EU) 2019/796'],
      listingDate: [expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
      endDate: [expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
      sourceUrl: [expect.stringContaining(`/public/register/${person.id}`)],
    });
    expect(response.text).not.toMatch(/Partner intelligence report|C2 infrastructure overlap/);
  });
});

describe('when Redis loses the read models', () => {
  it('answers 503 with Retry-After while rebuilding, then serves again without a restart', async () => {
    const made = await designate(target('Survivor Group'));
    await get(`/designations?minPosition=${made.position}`).expect(200);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      await deletePrefix(redis, prefix); // what FLUSHALL does to this deployment's keys
      const during = await http().get('/public/register');
      if (during.status === 503) {
        expect(during.headers['retry-after']).toBe('1');
        expect(during.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const after = await get(`/designations?minPosition=${made.position}&q=survivor`).expect(200);
      expect(after.body.items.map((i: { id: string }) => i.id)).toEqual([made.id]);
    } finally {
      redis.disconnect();
    }
  });

  it('a minPosition beyond the end of the log is refused at once with 400 (no receipt ever carried it)', async () => {
    const started = Date.now();
    const response = await get('/designations?minPosition=9007199254740991');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toMatch(/beyond the end of the log/);
    expect(Date.now() - started).toBeLessThan(4_000); // not the 5 s read-your-writes wait
  });

  it('a position in the log that the read models do not reach within 5 s is 503 with Retry-After, not a stale answer', async () => {
    // An api with no worker beside it: its read models never move.
    const lone = await startApi({ REDIS_KEY_PREFIX: `lone-${Date.now()}:` });
    try {
      const proposed = await request(lone.app.getHttpServer()).post('/designations').set('authorization', `Bearer ${official}`).send(exampleProposal()).expect(201);
      const started = Date.now();
      const response = await request(lone.app.getHttpServer()).get(`/designations?minPosition=${proposed.body.position}`).set('authorization', `Bearer ${official}`);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body.code).toBe('READ_MODEL.NOT_READY');
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    } finally {
      await lone.close();
    }
  }, 20_000);
});

it('every read-model endpoint is in /openapi.json', async () => {
  const { body } = await http().get('/openapi.json').expect(200);
  expect(body.paths['/designations'].get).toBeDefined();
  for (const path of ['/exemptions', '/public/register', '/public/register/{id}', '/public/changes', '/public/register.ftm.jsonl']) {
    expect(body.paths[path]?.get).toBeDefined();
  }
  const parameters = body.paths['/designations'].get.parameters.map((p: { name: string }) => p.name);
  expect(parameters).toEqual(expect.arrayContaining(['status', 'category', 'measureType', 'country', 'instrument', 'reference', 'q', 'sort', 'limit', 'cursor', 'minPosition']));
  expect(body.paths['/public/register'].get.security ?? []).toEqual([]);
});

function strongAttribution() {
  return {
    confidence: 'very_high',
    evidence: [
      { ref: 'EV-1', kind: 'technical', classification: 'restricted', summary: 'Malware lineage', corroboratedBy: [] },
      { ref: 'EV-2', kind: 'partner_shared', classification: 'secret', summary: 'Partner intelligence report', corroboratedBy: ['PARTNER-A'] },
    ],
  };
}

