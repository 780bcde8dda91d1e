import { Client } from 'pg';

/**
 * Nothing acknowledged was lost: every designation id from a 2xx receipt has its proposal in the
 * api's log. The log may hold a few more events than receipts, and only this few: when autocannon's
 * time is up it closes each connection with its last request possibly still in flight, which the api
 * may commit without anyone reading the answer (at most one per connection per run). So the log
 * must hold between the acknowledged count and the count of requests autocannon sent (in practice
 * exactly the latter: every request written was committed).
 */
export async function verifyAcknowledged(url: string, acknowledged: readonly string[], connectionsOpened: number, sent: number): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const count = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0].n);
    // Let requests cut off at the end finish committing before counting.
    let events = await count();
    for (let settled = 0; settled < 4; ) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await count();
      settled = now === events ? settled + 1 : 0;
      events = now;
    }
    const { rows } = await client.query<{ found: string; proposals: string }>(
      `SELECT count(DISTINCT stream_name) FILTER (WHERE stream_name = ANY($1::text[])) AS found,
              count(*) FILTER (WHERE type = 'DesignationProposed' AND revision = 0) AS proposals
         FROM event_store.events`,
      [acknowledged.map((id) => `designation-${id}`)],
    );
    const found = Number(rows[0].found);
    const proposals = Number(rows[0].proposals);
    const distinct = new Set(acknowledged).size;
    const unacknowledged = events - acknowledged.length;
    const summary =
      `acknowledged_2xx=${acknowledged.length} requests_sent=${sent} events_in_log=${events} proposals_in_log=${proposals} ` +
      `acknowledged_found=${found} committed_but_cut_off=${unacknowledged} (at most ${connectionsOpened}) ` +
      `events_equal_requests_sent=${events === sent ? 'yes' : 'no'}`;
    if (distinct !== acknowledged.length) throw new Error(`receipts repeat a designation id: ${summary}`);
    if (found !== acknowledged.length) throw new Error(`acknowledged proposals missing from the log: ${summary}`);
    if (proposals !== events) throw new Error(`the log holds events other than the proposals: ${summary}`);
    if (events > sent) throw new Error(`more events than requests sent: ${summary}`);
    if (unacknowledged < 0 || unacknowledged > connectionsOpened) throw new Error(`the log and the receipts disagree: ${summary}`);
    return summary;
  } finally {
    await client.end();
  }
}
