import request from 'supertest';
import { startApi, token } from './support/api-test-app';
import { exampleProposal } from './support/example-proposal';

const proposal = exampleProposal;

describe('admin API (e2e, real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let official: string;
  let senior: string;
  const http = () => request(api.app.getHttpServer());

  beforeAll(async () => {
    api = await startApi();
    official = await token('official-1', ['official']);
    senior = await token('senior-1', ['senior_official']);
  });
  afterAll(() => api.close());

  it('answers liveness without credentials', async () => {
    await http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('refuses a mutation without a token, or with a forged one, as problem+json 401', async () => {
    const missing = await http().post('/designations').send(proposal()).expect(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const forged = await token('official-1', ['official'], {}, 'another-secret-of-at-least-thirty-two-bytes');
    await http().post('/designations').set('authorization', `Bearer ${forged}`).send(proposal()).expect(401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["official"]}').toString('base64url')}.`;
    await http().post('/designations').set('authorization', `Bearer ${unsigned}`).send(proposal()).expect(401);
  });

  it('refuses the wrong role with 403', async () => {
    await http().post('/designations').set('authorization', `Bearer ${senior}`).send(proposal()).expect(403);
  });

  it('proposes, then approves under four eyes, with ETag and Location', async () => {
    const proposed = await http().post('/designations').set('authorization', `Bearer ${official}`).send(proposal()).expect(201);
    expect(proposed.body).toMatchObject({ revision: 0 });
    expect(proposed.headers.location).toBe(`/designations/${proposed.body.id}`);

    const approved = await http()
      .post(`/designations/${proposed.body.id}/approve`)
      .set('authorization', `Bearer ${senior}`)
      .set('if-match', '"0"')
      .send({})
      .expect(200);
    expect(approved.body).toMatchObject({ id: proposed.body.id, revision: 1 });

    const state = await http().get(`/designations/${proposed.body.id}`).set('authorization', `Bearer ${official}`).expect(200);
    expect(state.headers.etag).toBe('"1"');
    expect(state.body).toMatchObject({ status: 'active', proposedBy: 'official-1' });
  });

  it('answers a stale If-Match with 412 and appends nothing', async () => {
    const { body } = await http().post('/designations').set('authorization', `Bearer ${official}`).send(proposal()).expect(201);
    const stale = await http().post(`/designations/${body.id}/reject`).set('authorization', `Bearer ${senior}`).set('if-match', '"5"').send({ reason: 'x' }).expect(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    const events = await http().get(`/designations/${body.id}/events`).set('authorization', `Bearer ${senior}`).expect(200);
    expect(events.body.events).toHaveLength(1);
  });

  it('answers a broken rule with 409 and its domain code', async () => {
    const { body } = await http().post('/designations').set('authorization', `Bearer ${official}`).send(proposal()).expect(201);
    const refused = await http().post(`/designations/${body.id}/lift`).set('authorization', `Bearer ${senior}`).send({ reason: 'objectives_met', justification: 'x' }).expect(409);
    expect(refused.body).toMatchObject({ status: 409, code: 'DESIGNATION.NOT_IN_FORCE' });
  });

  it('refuses to lift with reason delisted_at_source: only an import batch records it, with the release (issue 15)', async () => {
    const { body } = await http().post('/designations').set('authorization', `Bearer ${official}`).send(proposal()).expect(201);
    await http().post(`/designations/${body.id}/approve`).set('authorization', `Bearer ${senior}`).send({}).expect(200);
    const refused = await http().post(`/designations/${body.id}/lift`).set('authorization', `Bearer ${senior}`).send({ reason: 'delisted_at_source', justification: 'x' }).expect(400);
    expect(refused.body).toMatchObject({ status: 400, code: 'INPUT.VALIDATION_FAILED' });
    const events = await http().get(`/designations/${body.id}/events`).set('authorization', `Bearer ${senior}`).expect(200);
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']);
  });

  it('replays an Idempotency-Key retry without appending again', async () => {
    const body = proposal(); // a retry sends the same request again
    const send = () => http().post('/designations').set('authorization', `Bearer ${official}`).set('idempotency-key', 'proposal-42').send(body).expect(201);
    const first = await send();
    const again = await send();
    expect(again.body).toEqual(first.body);
    const events = await http().get(`/designations/${first.body.id}/events`).set('authorization', `Bearer ${senior}`).expect(200);
    expect(events.body.events).toHaveLength(1);
  });

  it.each([
    ['an unknown field', { ...proposal(), colour: 'red' }],
    ['an unknown nested field', { ...proposal(), target: { ...proposal().target, nickname: 'x' } }],
    ['a value outside a vocabulary', { ...proposal(), category: 'jaywalking' }],
    ['a date without an offset', { ...proposal(), sunsetAt: '2027-01-01' }],
    ['a huge string', { ...proposal(), statementOfReasons: 'x'.repeat(20_000) }],
    ['a wrong type', { ...proposal(), measures: 'all of them' }],
  ])('refuses %s with 400 problem+json listing the field', async (_case, body) => {
    const response = await http().post('/designations').set('authorization', `Bearer ${official}`).send(body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  describe('says what is wrong, in so many words', () => {
    const propose = (body: object) => http().post('/designations').set('authorization', `Bearer ${official}`).send(body).expect(400);
    const without = (key: string) => Object.fromEntries(Object.entries(proposal()).filter(([k]) => k !== key));
    const bySorted = (errors: { field: string }[]) => [...errors].sort((a, b) => a.field.localeCompare(b.field));

    it('a missing field is required: one message, not one per constraint', async () => {
      const body = { ...without('statementOfReasons'), target: { ...proposal().target, name: undefined } };
      delete (body.target as Record<string, unknown>).name;
      const response = await propose(body);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'INPUT.VALIDATION_FAILED', detail: 'The request body is not valid' });
      expect(bySorted(response.body.errors)).toEqual([
        { field: 'statementOfReasons', messages: ['statementOfReasons is required'] },
        { field: 'target.name', messages: ['target.name is required'] },
      ]);
    });

    it('a missing list or nested object is required too; a present but wrong value still says what is wrong with it', async () => {
      const response = await propose({ ...without('measures'), coalition: undefined, statementOfReasons: 42 });
      expect(bySorted(response.body.errors)).toEqual([
        { field: 'coalition', messages: ['coalition is required'] },
        { field: 'measures', messages: ['measures is required'] },
        { field: 'statementOfReasons', messages: expect.arrayContaining(['statementOfReasons must be a string']) },
      ]);
      const empty = await propose({ ...proposal(), statementOfReasons: '' });
      expect(empty.body.errors).toEqual([{ field: 'statementOfReasons', messages: ['statementOfReasons should not be empty'] }]);
      const nulled = await propose({ ...proposal(), statementOfReasons: null });
      expect(nulled.body.errors[0].messages).not.toContain('statementOfReasons is required');
    });

    it('a bad query parameter is named as one: query.<name>, and "The query parameters are not valid"', async () => {
      const get = (query: string) => http().get(`/designations?${query}`).set('authorization', `Bearer ${official}`).expect(400);
      const limit = await get('limit=500');
      expect(limit.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limit.body).toMatchObject({
        status: 400,
        code: 'INPUT.VALIDATION_FAILED',
        detail: 'The query parameters are not valid',
        errors: [{ field: 'query.limit', messages: ['limit must not be greater than 200'] }],
      });
      expect((await get('colour=red')).body).toMatchObject({
        detail: 'The query parameters are not valid',
        errors: [{ field: 'query.colour', messages: ['property colour should not exist'] }],
      });
      expect((await get('constructor=x')).body).toMatchObject({
        code: 'INPUT.VALIDATION_FAILED',
        detail: 'The query parameters are not valid',
        errors: [{ field: 'query.constructor', messages: ['property constructor should not exist'] }],
      });
      const body = await http().post('/designations').set('authorization', `Bearer ${official}`).send({ ...proposal(), constructor: 'x' }).expect(400);
      expect(body.body).toMatchObject({ detail: 'The request body is not valid', errors: [{ field: 'constructor', messages: ['property constructor should not exist'] }] });
    });
  });

  it('refuses a non-JSON body with 415 and an oversized one with 413', async () => {
    await http().post('/designations').set('authorization', `Bearer ${official}`).set('content-type', 'text/plain').send('hello').expect(415);
    const huge = JSON.stringify({ ...proposal(), statementOfReasons: 'x'.repeat(2 * 1024 * 1024) });
    await http().post('/designations').set('authorization', `Bearer ${official}`).set('content-type', 'application/json').send(huge).expect(413);
  });

  it('refuses malformed ids in the path with 400', async () => {
    await http().post('/designations/not-a-uuid/approve').set('authorization', `Bearer ${senior}`).send({}).expect(400);
    const { body } = await http().post('/designations').set('authorization', `Bearer ${official}`).send(proposal()).expect(201);
    await http()
      .post(`/designations/${body.id}/exemptions/${encodeURIComponent('bad id!')}/revoke`)
      .set('authorization', `Bearer ${official}`)
      .send({ reason: 'x' })
      .expect(400);
  });

  it('answers an unknown designation with 404', async () => {
    await http().get('/designations/3b50ad06-131d-4b3b-8415-ab39ee333445').set('authorization', `Bearer ${official}`).expect(404);
  });

  it('publishes every route in /openapi.json, each command with its request schema', async () => {
    const { body } = await http().get('/openapi.json').expect(200);
    const commands = ['approve', 'reject', 'withdraw', 'escalations', 'exemptions', 'exemptions/{exemptionId}/revoke', 'notifications',
      'representations', 'reviews', 'rollbacks', 'sunset-extensions', 'lift', 'court-orders', 'amendments'].map((r) => `/designations/{id}/${r}`);
    for (const path of ['/designations', ...commands]) {
      const schema = body.paths[path]?.post?.requestBody?.content?.['application/json']?.schema?.$ref;
      expect([path, schema]).toEqual([path, expect.stringMatching(/^#\/components\/schemas\/\w+Dto$/)]);
    }
    expect(body.paths['/designations/{id}'].get).toBeDefined();
    expect(body.paths['/designations/{id}/events'].get).toBeDefined();
    expect(body.components.schemas.ProposeDesignationDto.required).toEqual(expect.arrayContaining(['target', 'category', 'sunsetAt']));
  });
});
