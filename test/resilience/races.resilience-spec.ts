import { designationStream } from '@app/domain';
import { randomInt, randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApi } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { caller, listen, StatusTally, type Caller } from './support/http-client';

const TRIALS = Number(process.env.RACE_TRIALS ?? 1_000);
const LANES = 4; // designations raced on at once; each lane's trials follow one another

/**
 * Optimistic concurrency under real contention, over real sockets: k = 2–16 commands sent at once
 * against the same revision. Exactly one may win; every other one is told why (412 for a stale
 * If-Match, 409 for a rule the winner's event now breaks) — never a 5xx, never a second write.
 */
describe('concurrent commands at one revision (resilience)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let store: EventStore;
  let baseUrl: string;
  let official: Caller;
  const seniors: Caller[] = [];
  const tally = new StatusTally();
  const counts = { trials: 0, commands: 0, ifMatchTrials: 0, approvalTrials: 0 };

  beforeAll(async () => {
    api = await startApi();
    baseUrl = await listen(api.app);
    store = api.app.get(EVENT_STORE);
    official = await caller(baseUrl, 'official-race', ['official']);
    for (let i = 0; i < 16; i++) seniors.push(await caller(baseUrl, `senior-race-${i}`, ['senior_official']));
  });
  afterAll(async () => {
    await api?.close();
    console.log(
      `races: trials=${counts.trials} (if-match ${counts.ifMatchTrials}, approvals ${counts.approvalTrials}) commands=${counts.commands} ${tally} 5xx=${tally.count((s) => s >= 500)}`,
    );
  });

  it(`${TRIALS} trials: exactly one winner each, the rest 409/412, and no gap in any stream`, async () => {
    const streams = new Set<string>();
    const failures: string[] = [];

    const propose = async (): Promise<string> => {
      const proposed = await official('POST', '/designations', exampleProposal());
      expect(proposed.status).toBe(201);
      streams.add(proposed.body.id);
      return proposed.body.id;
    };

    /** k amendments, each different, all based on the same revision through If-Match. */
    const ifMatchTrial = async (id: string, revision: number, k: number): Promise<number> => {
      const replies = await Promise.all(
        Array.from({ length: k }, (_, i) =>
          official('POST', `/designations/${id}/amendments`, { statementOfReasons: `Reasons ${randomUUID()}`, justification: `Trial ${i}` }, { 'if-match': `"${revision}"` }),
        ),
      );
      check(replies, [412], `if-match trial on ${id}@${revision}`);
      const winner = replies.find((r) => r.status === 200);
      if (winner && winner.body.revision !== revision + 1) failures.push(`${id}: winner at revision ${winner.body.revision}, expected ${revision + 1}`);
      counts.ifMatchTrials++;
      return winner ? winner.body.revision : revision;
    };

    /** k senior officials approve the same proposal at once, without If-Match: the rule decides. */
    const approvalTrial = async (k: number): Promise<void> => {
      const id = await propose();
      const replies = await Promise.all(seniors.slice(0, k).map((senior) => senior('POST', `/designations/${id}/approve`, {})));
      check(replies, [409], `approval trial on ${id}`);
      counts.approvalTrials++;
    };

    const check = (replies: Array<{ status: number; body: any }>, losers: number[], what: string) => {
      counts.trials++;
      counts.commands += replies.length;
      for (const reply of replies) tally.add(reply.status);
      const wins = replies.filter((r) => r.status === 200).length;
      const others = replies.filter((r) => r.status !== 200);
      if (wins !== 1) failures.push(`${what}: ${wins} winners (${replies.map((r) => r.status).join(',')})`);
      for (const other of others) {
        if (!losers.includes(other.status)) failures.push(`${what}: a loser got ${other.status} ${JSON.stringify(other.body)}`);
      }
    };

    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        let id = await propose();
        let revision = 0;
        for (let trial = lane; trial < TRIALS; trial += LANES) {
          const k = randomInt(2, 17);
          if (trial % 5 === 4) await approvalTrial(k);
          else revision = await ifMatchTrial(id, revision, k);
          if (revision >= 60) {
            // Keep streams short, so each trial costs about the same.
            id = await propose();
            revision = 0;
          }
        }
      }),
    );

    expect(failures).toEqual([]);
    expect(counts.trials).toBe(TRIALS);
    expect(tally.count((s) => s >= 500)).toBe(0);

    // The log: every stream's revisions run 0..n-1 without a gap, and each command id appears once.
    let events = 0;
    for (const id of streams) {
      const { events: stream } = await store.readStream(designationStream(id));
      events += stream.length;
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
      expect(new Set(stream.map((e) => e.metadata.commandId)).size).toBe(stream.length);
    }
    // One event per winner, plus the proposals.
    expect(events).toBe(tally.count((s) => s === 200) + streams.size);
  });
});
