import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startApiWithWorker, token } from './support/api-test-app';
import { exampleProposal } from './support/example-proposal';

/**
 * An exemption ends with its designation, in every view: the exemption registry (read models in
 * Redis), the designation as folded from the log, and its point-in-time state. Over HTTP, on
 * PostgreSQL, with the worker projecting.
 */
let app: NestFastifyApplication;
let close: () => Promise<void>;
const bearer: Record<string, string> = {};

jest.setTimeout(30_000);

beforeAll(async () => {
  ({ app, close } = await startApiWithWorker());
  bearer.official = await token('official-1', ['official']);
  bearer.senior = await token('senior-1', ['senior_official']);
  bearer.court = await token('court-1', ['court']);
});
afterAll(() => close());

const http = () => request(app.getHttpServer());
const post = (who: string, path: string, body: object) =>
  http().post(path).set('authorization', `Bearer ${bearer[who]}`).send(body).expect((r) => expect([r.status, r.body]).toEqual([200, expect.anything()]));
const get = (path: string, who = 'senior') => http().get(path).set('authorization', `Bearer ${bearer[who]}`).expect(200);
const summary = (exemptions: { exemptionId: string; status: string; endedAt?: string | null }[]) =>
  exemptions.map(({ exemptionId, status, endedAt }) => ({ exemptionId, status, endedAt: endedAt ?? null }));

async function issued(): Promise<string> {
  const proposed = await http().post('/designations').set('authorization', `Bearer ${bearer.official}`).send(exampleProposal()).expect(201);
  await post('senior', `/designations/${proposed.body.id}/approve`, {});
  return proposed.body.id;
}

describe.each([
  ['lifted', (id: string) => post('senior', `/designations/${id}/lift`, { reason: 'objectives_met', justification: 'Objectives met' })],
  [
    'annulled by a court',
    (id: string) =>
      post('court', `/designations/${id}/court-orders`, {
        orderId: 'order-annul', court: 'General Court', decision: 'annul', reference: 'T-9/26', summary: 'Annulled', effectiveAt: new Date().toISOString(),
      }),
  ],
])('a designation %s', (_case, end) => {
  it('ends its exemptions in the registry, in the designation and in its state now', async () => {
    const id = await issued();
    const ended = await end(id);
    const { body: lifted } = await get(`/designations/${id}/events`);
    const endedAt = lifted.events.find((e: { type: string }) => e.type === 'DesignationLifted').data.effectiveAt;

    const registry = await get(`/exemptions?designationId=${id}&minPosition=${ended.body.position}`);
    expect(summary(registry.body.items)).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt }]);
    expect(registry.body.items[0]).toMatchObject({ designationStatus: 'lifted' });
    const inForce = await get(`/exemptions?status=in_force&limit=200&minPosition=${ended.body.position}`);
    expect(inForce.body.items.filter((e: { designationId: string }) => e.designationId === id)).toEqual([]);
    const endedOnes = await get(`/exemptions?status=ended&limit=200&minPosition=${ended.body.position}`);
    expect(endedOnes.body.items.map((e: { designationId: string }) => e.designationId)).toContain(id);

    const designation = await get(`/designations/${id}`);
    expect(designation.body.status).toBe('lifted');
    expect(summary(designation.body.exemptions)).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt }]);

    const state = await get(`/designations/${id}/state`);
    expect(state.body).toMatchObject({ status: 'lifted', inForce: false, exemptionsInForce: [] });
    expect(summary(state.body.exemptions)).toEqual([{ exemptionId: 'ex-medicine', status: 'ended', endedAt }]);
  });
});
