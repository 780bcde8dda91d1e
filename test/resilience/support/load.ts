import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, verifyStream } from '@app/event-store';
import { exampleProposal } from '../../api/support/example-proposal';
import { token } from '../../api/support/api-test-app';
import { mulberry32 } from '../../../bench/support/random';

/** A command the service answered with 2xx: it promised the change is recorded. */
export interface Acknowledged {
  requestId: string;
  command: string;
  designationId: string;
  revision: number;
  position: number;
}

export interface LoadOptions {
  /** Concurrent clients, each one request at a time. Default 4. */
  clients?: number;
  seed?: number;
  /** A request without an answer after this long counts as a connection error. Default 10 s. */
  requestTimeoutMs?: number;
  /** Each client waits this long between requests (leaves CPU to restarts on a small machine). Default 0. */
  thinkMs?: number;
}

interface Designation {
  id: string;
  approveAcked: boolean;
}

/**
 * Officials and senior officials over real HTTP: each client proposes designations, has its senior
 * partner approve them (four eyes: never the proposer), and amends them. Every request carries its
 * own X-Request-Id, which the service records as the events' correlationId, so an acknowledged
 * command can be found in the log afterwards. Errors are counted, never retried blindly.
 */
export class Load {
  readonly acknowledged: Acknowledged[] = [];
  readonly byStatus = new Map<number, number>();
  connectionErrors = 0;
  inFlight = 0;
  /** Responses with 5xx, and which statuses and codes they had (`503 EVENT_STORE.UNAVAILABLE`). */
  readonly serverErrors = new Map<string, number>();
  /** Every 503 carried Retry-After and application/problem+json (false once one did not). */
  unavailableWellFormed = true;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly random: () => number;

  constructor(
    private readonly baseUrl: string,
    private readonly options: LoadOptions = {},
  ) {
    this.random = mulberry32(options.seed ?? 1);
  }

  get fiveHundreds(): number {
    return [...this.serverErrors.values()].reduce((a, b) => a + b, 0);
  }

  /** Count of 2xx answers after `since` (an index into `acknowledged`). */
  acknowledgedSince(since: number): number {
    return this.acknowledged.length - since;
  }

  async start(): Promise<void> {
    this.running = true;
    const clients = this.options.clients ?? 4;
    for (let c = 0; c < clients; c++) {
      const official = await token(`official-${c}`, ['official']);
      const senior = await token(`senior-${c}`, ['senior_official']);
      this.loops.push(this.client(official, senior));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async client(official: string, senior: string): Promise<void> {
    const mine: Designation[] = [];
    while (this.running) {
      const pick = mine.length === 0 || this.random() < 0.25 ? undefined : mine[Math.floor(this.random() * mine.length)];
      let ok: boolean;
      if (!pick) {
        const reply = await this.send(official, 'POST', '/designations', exampleProposal(), 'ProposeDesignation');
        if (reply.receipt) mine.push({ id: reply.receipt.id, approveAcked: false });
        ok = reply.answered;
      } else if (!pick.approveAcked) {
        const reply = await this.send(senior, 'POST', `/designations/${pick.id}/approve`, {}, 'ApproveDesignation', pick.id);
        // A 409 means an earlier, unanswered approval went through: the designation is active either way.
        pick.approveAcked = reply.receipt !== undefined || reply.status === 409;
        ok = reply.answered;
      } else {
        const body = { statementOfReasons: `Reasons restated ${randomUUID()}`, justification: 'Load test amendment' };
        const reply = await this.send(this.random() < 0.5 ? official : senior, 'POST', `/designations/${pick.id}/amendments`, body, 'AmendDesignation', pick.id);
        ok = reply.answered;
      }
      // Nobody listening (killed, restarting): do not spin on refused connections.
      const pause = ok ? (this.options.thinkMs ?? 0) : 100;
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  }

  private async send(
    bearer: string,
    method: string,
    path: string,
    body: unknown,
    command: string,
    designationId?: string,
  ): Promise<{ answered: boolean; status?: number; receipt?: { id: string; revision: number; position: number } }> {
    const requestId = randomUUID();
    this.inFlight++;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      const text = await response.text();
      const { status } = response;
      this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
      if (status >= 500) this.serverError(response, text);
      if (status < 200 || status > 299) return { answered: true, status };
      const receipt = JSON.parse(text) as { id: string; revision: number; position: number };
      if (designationId !== undefined && receipt.id !== designationId) throw new Error(`receipt for ${receipt.id}, sent to ${designationId}`);
      this.acknowledged.push({ requestId, command, designationId: receipt.id, revision: receipt.revision, position: receipt.position });
      return { answered: true, status, receipt };
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('receipt for')) throw error;
      // Refused, reset or timed out: the command may or may not be recorded, and nobody promised it was.
      this.connectionErrors++;
      return { answered: false };
    } finally {
      this.inFlight--;
    }
  }

  private serverError(response: Response, text: string): void {
    let code = '';
    try {
      code = String((JSON.parse(text) as { code?: string }).code ?? '');
    } catch {
      code = 'not-json';
    }
    const key = `${response.status}${code ? ` ${code}` : ''}`;
    this.serverErrors.set(key, (this.serverErrors.get(key) ?? 0) + 1);
    if (response.status === 503) {
      const wellFormed = response.headers.get('retry-after') !== null && (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
      if (!wellFormed) this.unavailableWellFormed = false;
    }
  }

  statusLine(): string {
    return [...this.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}=${n}`).join(' ');
  }
}

export interface LogCheck {
  verified: number;
  /** Acknowledged commands whose event is not at the receipt's revision. */
  lost: Array<Acknowledged & { found?: string }>;
  streams: number;
  /** Streams whose revisions are not 0..n-1, or whose hash chain does not verify. */
  broken: string[];
}

/**
 * Reads the log directly (not through the service): every acknowledged command's stream must hold,
 * at the receipt's revision, an event that this very request wrote (its correlationId).
 */
export async function checkLog(databaseUrl: string, acknowledged: readonly Acknowledged[]): Promise<LogCheck> {
  const store = await createPostgresEventStore({ connectionString: databaseUrl, migrate: false });
  try {
    const result: LogCheck = { verified: 0, lost: [], streams: 0, broken: [] };
    const ids = [...new Set(acknowledged.map((ack) => ack.designationId))];
    const streams = new Map<string, Awaited<ReturnType<typeof store.readStream>>['events']>();
    for (const id of ids) {
      const { events } = await store.readStream(`designation-${id}`);
      streams.set(id, events);
      const gap = events.findIndex((event, index) => event.revision !== index);
      const chain = verifyStream(events);
      if (gap !== -1 || !chain.ok) result.broken.push(`designation-${id}: ${gap !== -1 ? `revision gap at ${gap}` : JSON.stringify(chain)}`);
    }
    result.streams = ids.length;
    for (const ack of acknowledged) {
      const event = streams.get(ack.designationId)?.[ack.revision];
      if (event && event.revision === ack.revision && event.metadata.correlationId === ack.requestId) result.verified++;
      else result.lost.push({ ...ack, found: event ? `${event.type} correlationId=${String(event.metadata.correlationId)}` : undefined });
    }
    return result;
  } finally {
    await store.close();
  }
}
