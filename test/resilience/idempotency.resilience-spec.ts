import { designationStream } from '@app/domain';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApi } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { startRedisServer, type PrivateRedis } from '../support/redis-server';
import { caller, listen, StatusTally, type Caller, type Reply } from './support/http-client';

const COPIES = 100;

/**
 * One Idempotency-Key sent 100 times at once records one event, and every copy gets the first
 * answer. The key is answered from the log, not from Redis: a FLUSHALL between the burst and a
 * second burst changes nothing.
 */
describe('Idempotency-Key under concurrency and after FLUSHALL (resilience)', () => {
  let redis: PrivateRedis;
  let api: Awaited<ReturnType<typeof startApi>>;
  let store: EventStore;
  let official: Caller;
  const tally = new StatusTally();
  let events = 0;

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await startApi({ REDIS_URL: redis.url });
    const baseUrl = await listen(api.app);
    store = api.app.get(EVENT_STORE);
    official = await caller(baseUrl, 'official-idem', ['official']);
  });
  afterAll(async () => {
    await api?.close();
    await redis?.stop();
    console.log(`idempotency: requests=${tally.count(() => true)} ${tally} events-recorded=${events} 5xx=${tally.count((s) => s >= 500)}`);
  });

  const burst = async (path: string, body: object, key: string): Promise<Reply[]> => {
    const replies = await Promise.all(Array.from({ length: COPIES }, () => official('POST', path, body, { 'idempotency-key': key })));
    for (const reply of replies) tally.add(reply.status);
    return replies;
  };

  const expectOneAnswer = (replies: Reply[], status: number) => {
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => status));
    const answers = new Set(replies.map((r) => JSON.stringify(r.body)));
    expect(answers.size).toBe(1);
    return replies[0].body as { id: string; revision: number; position: number };
  };

  it('records one proposal for 100 concurrent copies, and still one after FLUSHALL', async () => {
    const key = `proposal-${randomUUID()}`;
    const body = exampleProposal();
    const first = expectOneAnswer(await burst('/designations', body, key), 201);
    const stream = designationStream(first.id);
    expect((await store.readStream(stream)).events.map((e) => e.type)).toEqual(['DesignationProposed']);

    await redis.client().flushall();
    const again = expectOneAnswer(await burst('/designations', body, key), 201);
    expect(again).toEqual(first);
    const recorded = (await store.readStream(stream)).events;
    expect(recorded).toHaveLength(1);
    events += recorded.length;
  });

  it('records one amendment for 100 concurrent copies, and still one after FLUSHALL', async () => {
    const proposed = await official('POST', '/designations', exampleProposal());
    const id = proposed.body.id as string;
    const key = `amend-${randomUUID()}`;
    const body = { statementOfReasons: `Reasons ${randomUUID()}`, justification: 'Corrected the statement' };

    const first = expectOneAnswer(await burst(`/designations/${id}/amendments`, body, key), 200);
    expect(first.revision).toBe(1);
    await redis.client().flushall();
    const again = expectOneAnswer(await burst(`/designations/${id}/amendments`, body, key), 200);
    expect(again).toEqual(first);

    const { events: stream } = await store.readStream(designationStream(id));
    expect(stream.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationAmended']);
    events += stream.filter((e) => e.type === 'DesignationAmended').length;
  });

  it('refuses the same key with a different body (422), recording nothing, rather than acknowledging a decision it never made', async () => {
    const key = `reused-${randomUUID()}`;
    const first = await official('POST', '/designations', exampleProposal(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const other = { ...exampleProposal(), statementOfReasons: 'A different proposal under the same key' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => official('POST', '/designations', other, { 'idempotency-key': key })));
    for (const reply of replies) tally.add(reply.status);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 422));
    expect(replies[0].headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(replies[0].body.code).toBe('IDEMPOTENCY_KEY.REUSED');
    expect((await store.readStream(designationStream(first.body.id))).events).toHaveLength(1);
  });
});
