import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { designationHandler } from '@app/application';
import { loadConfig } from '@app/config';
import { DEFAULT_POLICY, designationIdOfStream, designationStream, type DesignationCommand } from '@app/domain';
import { createPostgresEventStore, type EventStore, type ReadStreamResult } from '@app/event-store';
import { createApp } from '../../apps/api/src/app.factory';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { exampleProposal } from './support/example-proposal';
import { TEST_SECRET, token } from './support/api-test-app';

/**
 * A command that keeps losing the race: after each of the api's reads of the stream, a rival
 * official records a representation on the same designation in the real PostgreSQL log, so every
 * append the handler tries is at a revision the stream has already left. Past its retries the
 * answer is 409 DESIGNATION.CONCURRENT_CHANGE (it used to be a 500), and nothing of it is recorded.
 */
describe('a conflict that outlives the retries (e2e, real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: EventStore;
  let app: NestFastifyApplication;
  let rivalFor: string | undefined;
  let rivalWrites = 0;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createTestDatabase('conflict_test');
    store = await createPostgresEventStore({ connectionString: database.url });
    const rival = designationHandler(store, DEFAULT_POLICY);
    const racing: EventStore = {
      ...store,
      async readStream(stream, options): Promise<ReadStreamResult> {
        const result = await store.readStream(stream, options);
        if (stream === rivalFor) {
          rivalWrites += 1;
          const command = {
            type: 'RecordRepresentation',
            data: { designationId: designationIdOfStream(stream)!, representationId: `rival-${rivalWrites}`, receivedAt: new Date().toISOString(), submittedBy: 'counsel', summary: 'a rival write' },
            metadata: { now: new Date().toISOString(), actor: { id: 'official-2', roles: ['official'] } },
          } as DesignationCommand;
          await rival.handle(command, { commandId: randomUUID() });
        }
        return result;
      },
    };
    const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: database.url, AUTH_JWT_SECRET: TEST_SECRET, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' });
    app = await createApp(config, false, { store: racing });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await database.drop();
  });

  it('answers 409 with a code and Retry-After, and records nothing of the losing command', async () => {
    const official = await token('official-1', ['official']);
    const senior = await token('senior-1', ['senior_official']);
    const { body } = await http().post('/designations').set('authorization', `Bearer ${official}`).send(exampleProposal()).expect(201);
    await http().post(`/designations/${body.id}/approve`).set('authorization', `Bearer ${senior}`).send({}).expect(200);

    rivalFor = designationStream(body.id);
    const lost = await http()
      .post(`/designations/${body.id}/representations`)
      .set('authorization', `Bearer ${official}`)
      .send({ representationId: 'ours', receivedAt: new Date().toISOString(), submittedBy: 'the target', summary: 'our representation' });
    rivalFor = undefined;

    expect(lost.status).toBe(409);
    expect(lost.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(lost.headers['retry-after']).toBe('1');
    expect(lost.body).toMatchObject({ status: 409, code: 'DESIGNATION.CONCURRENT_CHANGE', type: 'urn:sanctions:problem:DESIGNATION.CONCURRENT_CHANGE' });
    // The handler's three attempts each met a rival write; the log holds those and not ours.
    expect(rivalWrites).toBe(3);
    const { events } = await store.readStream(designationStream(body.id));
    const representations = events.filter((e) => e.type === 'RepresentationReceived').map((e) => e.data.representationId);
    expect(representations).toEqual(['rival-1', 'rival-2', 'rival-3']);
  });
});
