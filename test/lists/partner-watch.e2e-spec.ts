import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { until } from '../read-models/support/read-model-dump';
import { unFile } from './support/shared-lists';

/**
 * Issue 15, watching a partner's list: the UN Consolidated List 2018-06-21 → 2018-08-24 (SOURCES.md:
 * +6 incl. QDi.415–418, −8 Iraqi state bodies incl. IQe.024, 14 amended incl. KPe.071's address),
 * recorded as a partner's releases over HTTP, with the api and the worker in one process on
 * PostgreSQL. Our designations that cite a delisted or amended entry are told, with a review
 * reminder to their ministries; the partner's new listings under a watched program become
 * alignment candidates, to propose (through the ordinary four-eyes path) or dismiss with a reason.
 */
jest.setTimeout(120_000);

const WATCHED = ['Al-Qaida'];
const MINISTRY = 'foreign-affairs';

interface RawRecord {
  dataId: string;
  reference: string;
  listType: string;
}

/** DATAID, REFERENCE_NUMBER and UN_LIST_TYPE of every record, read with regular expressions: apart from libs/lists. */
function rawUn(date: string): Map<string, RawRecord> {
  const text = unFile(date).toString('utf8');
  const records = new Map<string, RawRecord>();
  for (const [, , body] of text.matchAll(/<(INDIVIDUAL|ENTITY)>([\s\S]*?)<\/\1>/g)) {
    const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1].trim() ?? '';
    records.set(field('DATAID'), { dataId: field('DATAID'), reference: field('REFERENCE_NUMBER'), listType: field('UN_LIST_TYPE') });
  }
  return records;
}

const R0621 = rawUn('2018-06-21');
const R0824 = rawUn('2018-08-24');
const byReference = (records: Map<string, RawRecord>, reference: string) => [...records.values()].find((r) => r.reference === reference)!;
const watched = (records: Map<string, RawRecord>) => [...records.values()].filter((r) => WATCHED.includes(r.listType));
const ADDED_WATCHED = watched(R0824).filter((r) => !R0621.has(r.dataId));

let app: NestFastifyApplication;
let close: () => Promise<void>;
let sql: Client;
const http = () => request(app.getHttpServer());
const bearer: Record<'official' | 'official2' | 'senior' | 'senior2' | 'reviewer' | 'court', string> = {} as never;
const hashes: Record<string, string> = {};

/** The designations of this file, filled in as the tests go (they run in order). */
const ids: { delisted?: string; amended?: string; aligned?: string } = {};

const head = async () => Number((await sql.query('SELECT coalesce(max(position), 0) AS head FROM event_store.events')).rows[0].head);
const eventsOf = async (designationId: string) =>
  (await sql.query('SELECT type, data FROM event_store.events WHERE stream_name = $1 ORDER BY revision', [`designation-${designationId}`])).rows as { type: string; data: Record<string, any> }[];

interface Candidate {
  candidateId: string;
  sourceId: string;
  references: string[];
  name: string;
  programs: string[];
  releaseHash: string;
  releaseDate: string;
  status: string;
  listing: { sourceId: string; referenceNumber?: string; name: string };
  designationId?: string;
  dismissal?: { reason: string; by: string };
}

async function candidates(status?: string): Promise<Candidate[]> {
  const response = await http()
    .get(`/alignment/candidates${status ? `?status=${status}` : ''}`)
    .set('authorization', bearer.official);
  expect([response.status, response.body.detail]).toEqual([200, undefined]);
  return response.body;
}

const candidateFor = async (reference: string) => (await candidates()).find((c) => c.references.includes(`un:${reference}`))!;

async function upload(date: string): Promise<string> {
  const response = await http().post('/lists/releases?format=un-xml').set('authorization', bearer.official).set('content-type', 'application/xml').send(unFile(date));
  expect([response.status, response.body.detail]).toEqual([201, undefined]);
  expect(response.body).toMatchObject({ format: 'un-xml', source: 'un', releaseDate: expect.stringMatching(new RegExp(`^${date}`)) });
  return response.body.releaseHash;
}

/** A designation of ours, proposed by one official and approved by a senior one, citing a UN entry. */
async function designationCiting(reference: string, name: string): Promise<string> {
  const example = exampleProposal();
  const proposal = { ...example, target: { ...example.target, name }, coalition: { ...example.coalition, crossListReferences: [reference] } };
  const proposed = await http().post('/designations').set('authorization', bearer.official).send(proposal);
  expect([proposed.status, proposed.body.detail]).toEqual([201, undefined]);
  await http().post(`/designations/${proposed.body.id}/approve`).set('authorization', bearer.senior).send({}).expect(200);
  return proposed.body.id;
}

/** The ProposeDesignation body without target and coalition: what an official adds to a candidate. */
function candidateTerms() {
  const { target: _target, coalition: _coalition, ...terms } = exampleProposal();
  return terms;
}

beforeAll(async () => {
  ({ app, close } = await startApiWithWorker());
  sql = new Client({ connectionString: app.get<AppConfig>(APP_CONFIG).databaseUrl });
  await sql.connect();
  bearer.official = `Bearer ${await token('official-ana', ['official'])}`;
  bearer.official2 = `Bearer ${await token('official-carl', ['official'])}`;
  bearer.senior = `Bearer ${await token('senior-ben', ['senior_official'])}`;
  bearer.senior2 = `Bearer ${await token('senior-dora', ['senior_official'])}`;
  bearer.reviewer = `Bearer ${await token('reviewer-1', ['reviewer'], { ministry: MINISTRY })}`;
  bearer.court = `Bearer ${await token('court-1', ['court'])}`;
  for (const date of ['2018-06-07', '2018-06-21', '2018-08-24']) hashes[date] = await upload(date);
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await close?.();
});

it('the independent read finds what SOURCES.md says of the pair', () => {
  expect(R0621.has(byReference(R0621, 'IQe.024').dataId) && !R0824.has(byReference(R0621, 'IQe.024').dataId)).toBe(true);
  expect(byReference(R0824, 'KPe.071').dataId).toBe(byReference(R0621, 'KPe.071').dataId);
  expect(ADDED_WATCHED.map((r) => r.reference).sort()).toEqual(['QDi.415', 'QDi.416', 'QDi.417', 'QDi.418']);
});

it('reviewer and court tokens are refused (403) on the list, partner and candidate routes, and no token is unauthenticated (401)', async () => {
  const someCandidate = randomUUID();
  const calls: [string, string, object?][] = [
    ['get', '/lists'],
    ['get', '/lists/releases'],
    ['get', `/lists/releases/${hashes['2018-06-21']}`],
    ['post', '/partners/releases', { releaseHash: hashes['2018-06-21'], programs: WATCHED }],
    ['get', '/alignment/candidates'],
    ['get', '/alignment/candidates?status=open'],
    ['post', `/alignment/candidates/${someCandidate}/proposal`, candidateTerms()],
    ['post', `/alignment/candidates/${someCandidate}/dismissal`, { reason: 'not ours to follow' }],
  ];
  const before = await head();
  for (const [method, path, body] of calls) {
    for (const who of ['reviewer', 'court'] as const) {
      const call = method === 'get' ? http().get(path) : http().post(path).send(body);
      const response = await call.set('authorization', bearer[who]);
      expect([method, path, who, response.status, response.headers['content-type']]).toEqual([method, path, who, 403, expect.stringContaining('application/problem+json')]);
    }
    const anonymous = await (method === 'get' ? http().get(path) : http().post(path).send(body));
    expect([method, path, 'anonymous', anonymous.status]).toEqual([method, path, 'anonymous', 401]);
  }
  // The upload route too, with a real file.
  for (const who of ['reviewer', 'court'] as const) {
    const response = await http().post('/lists/releases?format=un-xml').set('authorization', bearer[who]).set('content-type', 'application/xml').send(unFile('2018-06-21'));
    expect([who, response.status]).toEqual([who, 403]);
  }
  expect((await http().post('/lists/releases?format=un-xml').set('content-type', 'application/xml').send(unFile('2018-06-21'))).status).toBe(401);
  // A senior official does not turn a candidate into a proposal: proposing is an official's.
  expect((await http().post(`/alignment/candidates/${someCandidate}/proposal`).set('authorization', bearer.senior).send(candidateTerms())).status).toBe(403);
  expect(await head()).toBe(before);
});

it("records UN 2018-06-21 as the partner's first release: every watched listing none of ours cites becomes a candidate, nobody is told", async () => {
  ids.delisted = await designationCiting('un:IQe.024', 'Example Group Citing IQe.024');
  ids.amended = await designationCiting('un:KPe.071', 'Example Group Citing KPe.071');

  const response = await http().post('/partners/releases').set('authorization', bearer.official).send({ releaseHash: hashes['2018-06-21'], programs: WATCHED });
  expect([response.status, response.body.detail]).toEqual([201, undefined]);
  expect(response.body).toMatchObject({
    listId: 'partner-un-xml',
    release: { releaseHash: hashes['2018-06-21'], source: 'un' },
    counts: { added: R0621.size, removed: 0, amended: 0, unchanged: 0 },
    changesRecorded: [],
    candidates: watched(R0621).length,
  });
  const open = await candidates('open');
  expect(open.map((c) => c.sourceId).sort()).toEqual(watched(R0621).map((r) => r.dataId).sort());
  expect(open.every((c) => c.programs.includes('Al-Qaida') && c.releaseHash === hashes['2018-06-21'])).toBe(true);
  for (const id of [ids.delisted, ids.amended]) expect((await eventsOf(id)).map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']);
});

it('records UN 2018-08-24: the delisting and the amendment of the entries ours cite are recorded on them, with a partner_change reminder to their ministries', async () => {
  const response = await http().post('/partners/releases').set('authorization', bearer.official).send({ releaseHash: hashes['2018-08-24'], programs: WATCHED });
  expect([response.status, response.body.detail]).toEqual([201, undefined]);
  expect(response.body).toMatchObject({ counts: { added: 6, removed: 8, amended: 14 }, candidates: ADDED_WATCHED.length, release: { releaseHash: hashes['2018-08-24'] } });
  const byId = (a: { designationId?: string }, b: { designationId?: string }) => (a.designationId! < b.designationId! ? -1 : 1);
  expect([...response.body.changesRecorded].sort(byId)).toEqual(
    [
      { designationId: ids.delisted, reference: 'un:IQe.024', change: 'delisted' },
      { designationId: ids.amended, reference: 'un:KPe.071', change: 'amended' },
    ].sort(byId),
  );

  // The delisted entry: PartnerListingChanged citing the 2018-08-24 release, then the reminder.
  const delisted = await eventsOf(ids.delisted!);
  expect(delisted.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'PartnerListingChanged', 'ReviewReminderIssued']);
  expect(delisted[2].data).toMatchObject({
    reference: 'un:IQe.024',
    change: 'delisted',
    changes: [],
    partner: { list: 'partner-un-xml', source: 'un', sourceId: byReference(R0621, 'IQe.024').dataId, releaseHash: hashes['2018-08-24'], releaseDate: expect.stringMatching(/^2018-08-24/) },
    recordedBy: 'official-ana',
  });
  expect(delisted[3].data).toMatchObject({ kind: 'partner_change', recipients: [MINISTRY] });

  // The amended entry: its field-level changes, the address among them.
  const amended = await eventsOf(ids.amended!);
  expect(amended.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'PartnerListingChanged', 'ReviewReminderIssued']);
  expect(amended[2].data).toMatchObject({ reference: 'un:KPe.071', change: 'amended', partner: { sourceId: byReference(R0824, 'KPe.071').dataId, releaseHash: hashes['2018-08-24'] } });
  const changes = amended[2].data.changes as { field: string; before: unknown; after: unknown }[];
  expect(changes.map((c) => c.field)).toContain('addresses');
  const address = changes.find((c) => c.field === 'addresses')!;
  expect(address.before).not.toEqual(address.after);
  expect(amended[3].data).toMatchObject({ kind: 'partner_change', recipients: [MINISTRY] });

  // The ministry finds both reminders in its inbox.
  const inbox = await until(async () => {
    const { body } = await http().get(`/ministries/${MINISTRY}/reminders`).set('authorization', bearer.reviewer).expect(200);
    const mine = body.items.filter((r: { designationId: string; kind: string }) => r.kind === 'partner_change' && [ids.delisted, ids.amended].includes(r.designationId));
    return mine.length === 2 ? mine : undefined;
  }, 20_000, "the partner_change reminders in the ministry's inbox");
  expect(inbox).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ designationId: ids.delisted, ministry: MINISTRY, kind: 'partner_change', targetName: 'Example Group Citing IQe.024' }),
      expect.objectContaining({ designationId: ids.amended, ministry: MINISTRY, kind: 'partner_change', targetName: 'Example Group Citing KPe.071' }),
    ]),
  );

  // The new Al-Qaida listings are open candidates, with the partner's data as listed.
  const open = await candidates('open');
  expect(open).toHaveLength(watched(R0621).length + ADDED_WATCHED.length);
  for (const added of ADDED_WATCHED) {
    const candidate = open.find((c) => c.sourceId === added.dataId);
    expect(candidate).toMatchObject({
      status: 'open',
      releaseHash: hashes['2018-08-24'],
      releaseDate: expect.stringMatching(/^2018-08-24/),
      programs: ['Al-Qaida'],
      references: expect.arrayContaining([`un:${added.dataId}`, `un:${added.reference}`]),
      listing: expect.objectContaining({ sourceId: added.dataId, referenceNumber: added.reference }),
    });
    expect(candidate!.name.length).toBeGreaterThan(0);
  }
});

it('turns a candidate into a proposal pre-filled from the partner, approved through the ordinary route; a second call answers the same designation', async () => {
  const candidate = await candidateFor('QDi.415');
  const response = await http().post(`/alignment/candidates/${candidate.candidateId}/proposal`).set('authorization', bearer.official2).send(candidateTerms());
  expect([response.status, response.body.detail, response.body.errors]).toEqual([201, undefined, undefined]);
  expect(response.body).toMatchObject({ id: expect.any(String), revision: expect.any(Number), position: expect.any(Number) });
  ids.aligned = response.body.id;

  const proposed = await http().get(`/designations/${ids.aligned}`).set('authorization', bearer.official).expect(200);
  expect(proposed.body).toMatchObject({
    status: 'proposed',
    target: { name: candidate.name },
    coalition: { coordination: 'coordinated', partners: ['un'], crossListReferences: expect.arrayContaining(candidate.references) },
  });
  expect(proposed.body.coalition.crossListReferences).toHaveLength(candidate.references.length);
  expect(proposed.body.attribution.evidence).toEqual(
    expect.arrayContaining([expect.objectContaining({ kind: 'partner_shared', ref: candidate.references[0], summary: expect.stringContaining(hashes['2018-08-24']) })]),
  );

  // The candidate shows proposed, with that designation.
  expect((await candidates('proposed')).map((c) => [c.candidateId, c.designationId])).toEqual([[candidate.candidateId, ids.aligned]]);
  expect((await candidates('open')).some((c) => c.candidateId === candidate.candidateId)).toBe(false);

  // The same call again answers the same designation and proposes nothing more.
  const again = await http().post(`/alignment/candidates/${candidate.candidateId}/proposal`).set('authorization', bearer.official2).send(candidateTerms());
  expect([again.status, again.body.id]).toEqual([201, ids.aligned]);
  expect((await eventsOf(ids.aligned!)).map((e) => e.type)).toEqual(['DesignationProposed']);
  const proposals = await sql.query(`SELECT count(*)::int AS n FROM event_store.events WHERE type = 'DesignationProposed'`);
  expect(proposals.rows[0].n).toBe(3);

  // Four eyes: the proposer cannot approve; a senior official can, through the ordinary route.
  await http().post(`/designations/${ids.aligned}/approve`).set('authorization', `Bearer ${await token('official-carl', ['senior_official'])}`).send({}).expect(409);
  await http().post(`/designations/${ids.aligned}/approve`).set('authorization', bearer.senior2).send({}).expect(200);
  expect((await http().get(`/designations/${ids.aligned}`).set('authorization', bearer.official).expect(200)).body.status).toBe('active');
  expect((await eventsOf(ids.aligned!)).map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']);
});

it('dismisses a candidate with its reason kept; a second dismissal is 409 ALIGNMENT.CANDIDATE_CLOSED and one without a reason 400', async () => {
  const candidate = await candidateFor('QDi.416');
  const reason = 'Already covered by the national terrorism list';
  const response = await http().post(`/alignment/candidates/${candidate.candidateId}/dismissal`).set('authorization', bearer.official).send({ reason });
  expect([response.status, response.body.detail]).toEqual([200, undefined]);
  expect(response.body).toMatchObject({ candidateId: candidate.candidateId, status: 'dismissed', dismissal: { reason, by: 'official-ana' } });
  expect((await candidates('dismissed')).map((c) => [c.candidateId, c.dismissal?.reason])).toEqual([[candidate.candidateId, reason]]);

  const before = await head();
  // Dismissing again is refused, whether the same dismissal or another official's with another reason; the first reason stays.
  for (const [who, body] of [['official', { reason }], ['official2', { reason: 'Another reason, by another official' }]] as const) {
    const again = await http().post(`/alignment/candidates/${candidate.candidateId}/dismissal`).set('authorization', bearer[who]).send(body);
    expect([who, again.status, again.body.code, again.headers['content-type']]).toEqual([who, 409, 'ALIGNMENT.CANDIDATE_CLOSED', expect.stringContaining('application/problem+json')]);
  }
  expect((await candidateFor('QDi.416')).dismissal).toEqual({ reason, by: 'official-ana' });
  // Nor can a dismissed candidate be proposed.
  const proposing = await http().post(`/alignment/candidates/${candidate.candidateId}/proposal`).set('authorization', bearer.official).send(candidateTerms());
  expect([proposing.status, proposing.body.code]).toEqual([409, 'ALIGNMENT.CANDIDATE_CLOSED']);

  const other = await candidateFor('QDi.417');
  for (const [body, code] of [[{}, 'INPUT.VALIDATION_FAILED'], [{ reason: '' }, 'INPUT.VALIDATION_FAILED'], [{ reason: '   ' }, 'INPUT.REASON_REQUIRED']] as const) {
    const refused = await http().post(`/alignment/candidates/${other.candidateId}/dismissal`).set('authorization', bearer.official).send(body);
    expect([JSON.stringify(body), refused.status, refused.body.code, refused.headers['content-type']]).toEqual([JSON.stringify(body), 400, code, expect.stringContaining('application/problem+json')]);
  }
  expect((await candidateFor('QDi.417')).status).toBe('open');
  const unknown = await http().post(`/alignment/candidates/${randomUUID()}/dismissal`).set('authorization', bearer.official).send({ reason });
  expect([unknown.status, unknown.body.code]).toEqual([404, 'ALIGNMENT.CANDIDATE_NOT_FOUND']);
  expect(await head()).toBe(before);
});

it('refuses the same partner release again (409 LIST.RELEASE_ALREADY_RECORDED) and an older one after it (409 LIST.RELEASE_OLDER), the log unchanged', async () => {
  const before = await head();
  const lists = (await http().get('/lists').set('authorization', bearer.official).expect(200)).body;

  const again = await http().post('/partners/releases').set('authorization', bearer.official).send({ releaseHash: hashes['2018-08-24'], programs: WATCHED });
  expect([again.status, again.body.code, again.headers['content-type']]).toEqual([409, 'LIST.RELEASE_ALREADY_RECORDED', expect.stringContaining('application/problem+json')]);
  expect(await head()).toBe(before);

  // The first one again is a release already recorded too.
  const first = await http().post('/partners/releases').set('authorization', bearer.official).send({ releaseHash: hashes['2018-06-21'], programs: WATCHED });
  expect([first.status, first.body.code]).toEqual([409, 'LIST.RELEASE_ALREADY_RECORDED']);
  expect(await head()).toBe(before);

  const older = await http().post('/partners/releases').set('authorization', bearer.official).send({ releaseHash: hashes['2018-06-07'], programs: WATCHED });
  expect([older.status, older.body.code, older.headers['content-type']]).toEqual([409, 'LIST.RELEASE_OLDER', expect.stringContaining('application/problem+json')]);
  expect(await head()).toBe(before);

  // The partner's list still stands at 2018-08-24.
  expect((await http().get('/lists').set('authorization', bearer.official).expect(200)).body).toEqual(lists);
  const partner = lists.find((l: { listId: string }) => l.listId === 'partner-un-xml');
  expect(partner).toMatchObject({ role: 'partner', current: { releaseHash: hashes['2018-08-24'] } });
  expect(partner.releases.map((r: { releaseHash: string }) => r.releaseHash)).toEqual([hashes['2018-06-21'], hashes['2018-08-24']]);
});
