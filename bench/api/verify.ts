import { Client } from 'pg';

/**
 * Nothing acknowledged was lost: every designation id from a 2xx receipt has its proposal in the
 * api's log. The log may hold a few more events than receipts, and only this few: when autocannon's
 * time is up it closes each connection with its last request possibly still in flight, which the api
 * may commit without anyone reading the answer (at most one per connection per run). So the log
 * must hold between the acknowledged count and the count of requests autocannon sent (in practice
 * exactly the latter: every request written was committed).
 */
export const verifyAcknowledged = (url: string, acknowledged: readonly string[], connectionsOpened: number, sent: number) =>
  verifyIn(url, OUR_LOG, acknowledged, connectionsOpened, sent);

/** The same check for Emmett's web API: every 201's designation has its proposal in `emt_messages`. */
export const verifyEmmettAcknowledged = (url: string, acknowledged: readonly string[], connectionsOpened: number, sent: number) =>
  verifyIn(url, EMMETT_LOG, acknowledged, connectionsOpened, sent);

/** How to count a log's events, and its acknowledged streams and proposals (`$1`: the stream names). */
interface LogQueries {
  events: string;
  tally: string;
}

const OUR_LOG: LogQueries = {
  events: 'SELECT count(*) AS n FROM event_store.events',
  tally: `SELECT count(DISTINCT stream_name) FILTER (WHERE stream_name = ANY($1::text[])) AS found,
                 count(*) FILTER (WHERE type = 'DesignationProposed' AND revision = 0) AS proposals
            FROM event_store.events`,
};

const EMMETT_LOG: LogQueries = {
  events: 'SELECT count(*) AS n FROM emt_messages',
  tally: `SELECT count(DISTINCT stream_id) FILTER (WHERE stream_id = ANY($1::text[])) AS found,
                 count(*) FILTER (WHERE message_type = 'DesignationProposed' AND stream_position = 1) AS proposals
            FROM emt_messages`,
};

async function verifyIn(url: string, queries: LogQueries, acknowledged: readonly string[], connectionsOpened: number, sent: number): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const events = await settledCount(client, queries.events);
    const { rows } = await client.query<{ found: string; proposals: string }>(queries.tally, [acknowledged.map((id) => `designation-${id}`)]);
    return judge({ acknowledged, connectionsOpened, sent, events, found: Number(rows[0].found), proposals: Number(rows[0].proposals) });
  } finally {
    await client.end();
  }
}

/** The row count once requests cut off at the end have finished committing (four equal reads in a row). */
async function settledCount(client: Client, sql: string): Promise<number> {
  const count = async () => Number((await client.query<{ n: string }>(sql)).rows[0].n);
  let events = await count();
  for (let settled = 0; settled < 4; ) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await count();
    settled = now === events ? settled + 1 : 0;
    events = now;
  }
  return events;
}

interface Tally {
  acknowledged: readonly string[];
  connectionsOpened: number;
  sent: number;
  /** Events in the log once settled. */
  events: number;
  /** Acknowledged designations whose stream is in the log. */
  found: number;
  /** First events of a stream that are proposals. */
  proposals: number;
}

function judge({ acknowledged, connectionsOpened, sent, events, found, proposals }: Tally): string {
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
}
