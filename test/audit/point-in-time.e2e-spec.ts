import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApi, token } from '../api/support/api-test-app';
import { days, exampleProposal } from '../api/support/example-proposal';
import { accessLogStream } from '@app/application';

/**
 * GET /designations/{id}/state end to end: the designation as in force on `asOf`, as the service
 * had recorded it by `knownAt`. The fold itself is covered by libs/audit/src/point-in-time.spec.ts;
 * here: the route, its dates, its roles, the access log, and times recorded by the running
 * service's clock. The example proposal's evidence is above `public`, so every read is recorded
 * and courts give a purpose.
 */
jest.setTimeout(30_000);

let app: NestFastifyApplication;
let close: () => Promise<void>;
const bearer: Record<string, string> = {};

beforeAll(async () => {
  ({ app, close } = await startApi());
  bearer.official = await token('official-1', ['official']);
  bearer.senior = await token('senior-1', ['senior_official']);
  bearer.court = await token('court-1', ['court']);
  bearer.reviewer = await token('reviewer-1', ['reviewer'], { ministry: 'foreign-affairs' });
});
afterAll(() => close());

const http = () => request(app.getHttpServer());
const post = (who: string, path: string, body: object) =>
  http().post(path).set('authorization', `Bearer ${bearer[who]}`).send(body).expect((r) => expect(r.status).toBeLessThan(300));
const PURPOSE = 'Case T-101/26, hearing of 3 March';
const state = (id: string, query: Record<string, string> = {}, who = 'court') =>
  http()
    .get(`/designations/${id}/state`)
    .query(who === 'court' ? { purpose: PURPOSE, ...query } : query)
    .set('authorization', `Bearer ${bearer[who]}`);
/** A moment strictly between two recordings by the service's clock. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
const measureIds = (body: { measures: { measureId: string }[] }) => body.measures.map((m) => m.measureId);

async function propose(): Promise<string> {
  return (await post('official', '/designations', exampleProposal())).body.id;
}

describe('GET /designations/{id}/state', () => {
  it('an approval effective in the future: not in force as of before it, in force as of after it', async () => {
    const id = await propose();
    const effectiveAt = days(10);
    await post('senior', `/designations/${id}/approve`, { effectiveAt });

    const before = await state(id, { asOf: days(5) }).expect(200);
    expect(before.headers['cache-control']).toBe('no-store');
    expect(before.body).toMatchObject({ id, status: 'proposed', inForce: false, exemptionsInForce: [] });
    expect(before.body.notYetEffective).toEqual([expect.objectContaining({ revision: 1, type: 'DesignationIssued', effectiveAt })]);

    const after = await state(id, { asOf: days(11) }).expect(200);
    expect(after.body).toMatchObject({ id, status: 'active', recordedStatus: 'active', inForce: true, effectiveAt, notYetEffective: [] });
    expect(measureIds(after.body)).toEqual(['m-freeze', 'm-travel']);
    expect(after.body.exemptionsInForce.map((e: { exemptionId: string }) => e.exemptionId)).toEqual(['ex-medicine']);
    expect(after.body.basedOn).toMatchObject({ events: 2, lastRevision: 1 });

    // A date is the end of that day (UTC): the day it takes effect counts, today does not.
    expect((await state(id, { asOf: effectiveAt.slice(0, 10) }).expect(200)).body.status).toBe('active');
    const today = await state(id, { asOf: new Date().toISOString().slice(0, 10) }).expect(200);
    expect(today.body).toMatchObject({ status: 'proposed', asOf: `${new Date().toISOString().slice(0, 10)}T23:59:59.999Z` });
  });

  it('a command recorded now is not reflected as known before it was recorded', async () => {
    const beforeProposal = new Date().toISOString();
    await pause();
    const id = await propose();
    await post('senior', `/designations/${id}/approve`, {});
    await pause();
    const between = new Date().toISOString();
    await pause();
    await post('senior', `/designations/${id}/lift`, { reason: 'objectives_met', justification: 'Objectives met' });

    expect((await state(id).expect(200)).body).toMatchObject({ status: 'lifted', inForce: false, basedOn: { events: 3, lastRevision: 2 } });
    const knownBefore = await state(id, { knownAt: between }).expect(200);
    expect(knownBefore.body).toMatchObject({ status: 'active', inForce: true, knownAt: between, basedOn: { events: 2, lastRevision: 1 }, notYetEffective: [] });
    // Known now, but as of `between` the lift had not yet taken effect.
    const asOfBefore = await state(id, { asOf: between }).expect(200);
    expect(asOfBefore.body).toMatchObject({ status: 'active', inForce: true });
    expect(asOfBefore.body.notYetEffective).toEqual([expect.objectContaining({ type: 'DesignationLifted', revision: 2 })]);

    // Nothing had been recorded of it yet: no designation then.
    const none = await state(id, { knownAt: beforeProposal }).expect(404);
    expect(none.headers['content-type']).toContain('application/problem+json');

    // A knownAt in the future means now.
    const future = await state(id, { knownAt: days(30) }).expect(200);
    expect(future.body.status).toBe('lifted');
    expect(Date.parse(future.body.knownAt)).toBeLessThanOrEqual(Date.now());
  });

  it('is for courts and senior officials only', async () => {
    const id = await propose();
    await state(id, {}, 'court').expect(200);
    await state(id, {}, 'senior').expect(200);
    await state(id, {}, 'official').expect(403);
    await state(id, {}, 'reviewer').expect(403);
    await http().get(`/designations/${id}/state`).expect(401);
  });

  it('records the read in the access log first; a court that gives no purpose is served nothing', async () => {
    const id = await propose();
    const store = app.get<EventStore>(EVENT_STORE);
    const accesses = async () => (await store.readStream(accessLogStream(new Date()))).events.filter((e) => e.data.designationId === id);
    const refused = await http().get(`/designations/${id}/state`).set('authorization', `Bearer ${bearer.court}`).expect(400);
    expect(refused.body).toMatchObject({ code: 'INPUT.PURPOSE_REQUIRED' });
    expect(refused.body.attribution).toBeUndefined();
    await state(id, { asOf: days(1) }).expect(200);
    await state(id, {}, 'senior').expect(200);
    expect((await accesses()).map((e) => [e.data.resource, (e.metadata.actor as { id: string }).id, e.data.purpose])).toEqual([
      ['state', 'court-1', PURPOSE],
      ['state', 'senior-1', null],
    ]);
  });

  it('as of before the proposal there is no designation: 404 problem+json, never a status', async () => {
    const id = await propose();
    await post('senior', `/designations/${id}/approve`, {});
    const { body } = await http().get(`/designations/${id}/events`).set('authorization', `Bearer ${bearer.senior}`).expect(200);
    const proposedAt: string = body.events[0].metadata.recordedAt;
    const justBefore = new Date(Date.parse(proposedAt) - 1).toISOString();

    const none = await state(id, { asOf: justBefore }).expect(404);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.body).toMatchObject({ status: 404, code: 'DESIGNATION.NOT_FOUND', detail: `Designation ${id} was proposed at ${proposedAt}: it did not exist as of ${justBefore}` });
    expect(none.body.status).not.toBe('proposed');
    expect((await state(id, { asOf: '2020-01-01' }).expect(404)).body.code).toBe('DESIGNATION.NOT_FOUND');
    expect((await state(id, { asOf: proposedAt }).expect(200)).body).toMatchObject({ status: 'proposed', proposedAt });
  });

  it('a court order effective before the designation took effect is refused with 409 and appends nothing: the state before the approval stays proposed', async () => {
    const beforeProposal = new Date(Date.now() - 3_600_000).toISOString();
    const id = await propose();
    await post('senior', `/designations/${id}/approve`, {});
    const order = (orderId: string, decision: string, effectiveAt: string) =>
      http()
        .post(`/designations/${id}/court-orders`)
        .set('authorization', `Bearer ${bearer.court}`)
        .send({ orderId, court: 'General Court', decision, reference: 'T-7/26', summary: 'Interim measures', effectiveAt });
    for (const decision of ['suspend', 'annul', 'uphold']) {
      const refused = await order(`order-${decision}`, decision, beforeProposal).expect(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'DESIGNATION.EFFECT_BEFORE_ISSUE', effectiveAt: beforeProposal });
    }
    const { body } = await http().get(`/designations/${id}/events`).set('authorization', `Bearer ${bearer.senior}`).expect(200);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']);
    expect((await state(id, { asOf: beforeProposal }).expect(404)).body.code).toBe('DESIGNATION.NOT_FOUND');

    // From when the designation took effect, the court may order, even with effect before the order is recorded.
    const issuedAt: string = body.events[1].data.effectiveAt;
    await order('order-1', 'suspend', issuedAt).expect(200);
    expect((await state(id, { asOf: issuedAt }).expect(200)).body).toMatchObject({ status: 'suspended', courtOrderIds: ['order-1'] });
  });

  it('an approval effective at a client\'s "now" truncated to the second is accepted as given; one before the proposal, or beyond the clock-skew tolerance, is 409', async () => {
    const id = await propose();
    const { body } = await http().get(`/designations/${id}/events`).set('authorization', `Bearer ${bearer.senior}`).expect(200);
    const proposedAt = Date.parse(body.events[0].metadata.recordedAt);
    const approve = (effectiveAt: string) => http().post(`/designations/${id}/approve`).set('authorization', `Bearer ${bearer.senior}`).send({ effectiveAt });

    const beforeProposal = await approve(new Date(proposedAt - 1_000).toISOString()).expect(409);
    expect(beforeProposal.body).toMatchObject({ code: 'DESIGNATION.EFFECT_BEFORE_PROPOSAL', notBefore: new Date(proposedAt).toISOString() });
    const retroactive = await approve(new Date(Date.now() - 3 * 60_000).toISOString()).expect(409);
    expect(retroactive.body).toMatchObject({ code: 'DESIGNATION.RETROACTIVE_EFFECT', clockSkewTolerance: 'PT2M' });

    // Wait for the next whole second after the proposal, so that "now" truncated is not before it.
    while (Math.floor(Date.now() / 1000) * 1000 < proposedAt) await pause();
    const truncated = `${new Date().toISOString().slice(0, 19)}Z`;
    await pause();
    const approved = await approve(truncated).expect(200);
    const events = (await http().get(`/designations/${id}/events`).set('authorization', `Bearer ${bearer.senior}`).expect(200)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued']);
    expect(events[1].data.effectiveAt).toBe(`${truncated.slice(0, 19)}.000Z`);
    expect(Date.parse(events[1].metadata.recordedAt)).toBeGreaterThan(Date.parse(truncated));
    expect(approved.body).toMatchObject({ revision: 1 });
  });

  it.each([
    ['asOf', '2027-02-30'],
    ['asOf', '2027-13-01'],
    ['knownAt', '2026-02-29'],
    ['asOf', '2027-01-01T25:00:00Z'],
    ['asOf', '2027-01-01T10:00:00'],
    ['knownAt', 'yesterday'],
    ['asOf', '2027-1-1'],
  ])('refuses %s=%s with 400, naming the query parameter', async (field, value) => {
    const id = await propose();
    const refused = await state(id, { [field]: value }).expect(400);
    expect(refused.body).toMatchObject({ code: 'INPUT.VALIDATION_FAILED', detail: 'The query parameters are not valid' });
    expect(refused.body.errors).toEqual([
      { field: `query.${field}`, messages: [`${field} must be a date (YYYY-MM-DD, the end of that day UTC) or an ISO 8601 date-time with an offset, and must exist`] },
    ]);
  });

  it('answers 404 for an unknown designation and 400 for an id that is not one', async () => {
    const unknown = await state(randomUUID()).expect(404);
    expect(unknown.body).toMatchObject({ status: 404 });
    await state('not-a-uuid').expect(400);
  });
});
