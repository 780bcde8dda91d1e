import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { days, exampleProposal } from './support/example-proposal';
import { token } from './support/api-test-app';

/** The whole lifecycle over HTTP, and the rejections the issue names, against whichever store the app runs on. */
export function lifecycleScenario(app: () => NestFastifyApplication) {
  const as = async (role: string, sub: string, extra: Record<string, unknown> = {}) => {
    const bearer = await token(sub, [role], extra);
    return {
      post: (path: string, body: object, headers: Record<string, string> = {}) =>
        request(app().getHttpServer()).post(path).set('authorization', `Bearer ${bearer}`).set(headers).send(body),
      get: (path: string) => request(app().getHttpServer()).get(path).set('authorization', `Bearer ${bearer}`),
    };
  };

  it('runs a designation from proposal to lifting, and refuses what the rules forbid', async () => {
    const official = await as('official', 'official-1');
    const senior = await as('senior_official', 'senior-1');
    const reviewer = await as('reviewer', 'reviewer-1', { ministry: 'foreign-affairs' });

    expect((await request(app().getHttpServer()).post('/designations').send(exampleProposal())).status).toBe(401);
    expect((await senior.post('/designations', exampleProposal())).status).toBe(403);
    expect((await official.post('/designations', { ...exampleProposal(), colour: 'red' })).status).toBe(400);

    const proposed = await official.post('/designations', exampleProposal()).expect(201);
    const id = proposed.body.id as string;
    const at = (route: string) => `/designations/${id}${route}`;

    const selfApprover = await as('senior_official', 'official-1');
    const self = await selfApprover.post(at('/approve'), {}).expect(409);
    expect(self.body.code).toBe('ACTOR.FOUR_EYES');

    await senior.post(at('/approve'), {}, { 'if-match': '"0"' }).expect(200);
    await official.post(at('/notifications'), { channel: 'diplomatic_channel', notifiedAt: days(0), responseDeadline: days(30) }).expect(200);
    await official
      .post(at('/representations'), { representationId: 'rep-1', receivedAt: days(0), submittedBy: 'Counsel', summary: 'Contests attribution' })
      .expect(200);
    await official
      .post(at('/exemptions'), {
        exemptionId: 'ex-food', kind: 'food', measureIds: ['m-freeze'], beneficiary: 'Importers',
        conditions: 'Staple foods', oversightBody: 'Customs', validUntil: days(300),
      })
      .expect(200);
    await senior
      .post(at('/escalations'), {
        criteriaMet: [1], justification: 'Renewed intrusions', measures: [{ measureId: 'm-fin', type: 'financial_restriction', capabilities: [], description: 'Payments ban' }],
      })
      .expect(200);
    await reviewer
      .post(at('/reviews'), { outcome: 'maintain', findings: 'Proportionate', representationsConsidered: ['rep-1'], nextReviewDueAt: days(180) })
      .expect(200);
    await senior.post(at('/rollbacks'), { conditionsMet: [1], justification: 'Partly dismantled', measureIds: ['m-travel'] }).expect(200);
    const newSunset = days(900);
    await senior.post(at('/sunset-extensions'), { sunsetAt: newSunset, justification: 'Threat persists' }).expect(200);
    const stale = await senior.post(at('/lift'), { reason: 'objectives_met', justification: 'Done' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    await senior.post(at('/lift'), { reason: 'objectives_met', justification: 'Done' }).expect(200);

    const after = await official.post(at('/amendments'), { statementOfReasons: 'Too late', justification: 'x' });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('DESIGNATION.FINAL');

    const state = await official.get(at('')).expect(200);
    expect(state.body).toMatchObject({ status: 'lifted', sunsetAt: newSunset });
    expect(state.body.measures.map((m: { measureId: string }) => m.measureId)).toEqual(['m-freeze', 'm-fin']);
    const trail = await senior.get(at('/events')).expect(200);
    expect(trail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'DesignationProposed', 'DesignationIssued', 'TargetNotified', 'RepresentationReceived', 'ExemptionGranted',
      'MeasuresEscalated', 'ReviewCompleted', 'MeasuresRolledBack', 'SunsetExtended', 'DesignationLifted',
    ]);
  });

  it('refuses an escalation beyond the category ceiling with 409', async () => {
    const official = await as('official', 'official-1');
    const senior = await as('senior_official', 'senior-1');
    const crime = { ...exampleProposal(), category: 'cyber_crime', attribution: { confidence: 'moderate', evidence: [exampleProposal().attribution.evidence[0]] } };
    const { body } = await official.post('/designations', crime).expect(201);
    await senior.post(`/designations/${body.id}/approve`, {}).expect(200);
    const refused = await senior.post(`/designations/${body.id}/escalations`, {
      criteriaMet: [1], justification: 'x', measures: [{ measureId: 'm-x', type: 'export_control', capabilities: [], description: 'x' }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('POLICY.MEASURE_ABOVE_CEILING');
  });
}
