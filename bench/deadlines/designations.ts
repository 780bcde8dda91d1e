import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designationHandler } from '@app/application';
import { DEFAULT_POLICY, DomainError, type Actor, type DesignationCommand, type Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { terms } from '../../libs/domain/testing/fixtures';

const official: Actor = { id: 'bench-official', roles: ['official'] };
const senior: Actor = { id: 'bench-senior', roles: ['senior_official'] };

/**
 * Whatever the review interval, a designation's first review falls due at its sunset at the latest
 * (DesignationIssued: nextReviewDueAt = earliest(effectiveAt + reviewInterval, sunsetAt)), and all
 * its reminders up to that date come before it. So that only the sunset fires at the instant, the
 * review falls due a second after issuance and its one reminder ('due': no `upcoming` offsets) is
 * issued by the worker while jobs are being scheduled; the next one, 'overdue', comes a day later,
 * long after the sunset. The target-notification deadline stays at the default 30 days.
 */
export const REVIEW_INTERVAL = 'PT1S';
export const BENCH_POLICY: Policy = {
  ...DEFAULT_POLICY,
  version: 'bench-deadlines',
  reviewReminderOffsets: [],
  overdueReminderInterval: 'P1D',
};

/** Deadline jobs each designation keeps pending once its reminder is issued: sunset, overdue reminder, notification overdue. */
export const PENDING_JOBS_PER_DESIGNATION = 3;

/** The policy as a SANCTIONS_POLICY_FILE for the worker. */
export function writePolicyFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'deadline-bench-'));
  const file = join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify(BENCH_POLICY));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One command through the real command handler, as the api sends it; a refusal names its code. */
async function send(store: EventStore, id: string, type: DesignationCommand['type'], data: object, actor: Actor): Promise<void> {
  const now = new Date().toISOString();
  const command = { type, data: { ...data, designationId: id }, metadata: { now, actor } } as DesignationCommand;
  try {
    const result = await designationHandler(store, BENCH_POLICY).handle(command, { commandId: randomUUID() });
    if (result.events.length === 0) throw new Error(`${type} for ${id} recorded nothing`);
  } catch (error) {
    if (error instanceof DomainError) throw new Error(`${type} for ${id} was refused: ${error.code} (${error.message})`);
    throw error;
  }
}

/**
 * Proposes and issues one designation ending at `sunsetAt`: a travel ban only (not a measure that
 * needs a humanitarian safeguard), so no standing exemption and no exemption-expiry deadline.
 */
async function designate(store: EventStore, n: number, sunsetAt: string): Promise<string> {
  const id = randomUUID();
  const base = terms();
  await send(
    store,
    id,
    'ProposeDesignation',
    {
      ...base,
      target: { ...base.target, name: `Bench Threat Group ${n}`, aliases: [`APT-BENCH-${n}`] },
      measures: [{ measureId: 'm-travel', type: 'travel_ban', capabilities: [], description: 'Entry ban for named officers' }],
      exemptions: [],
      reviewInterval: REVIEW_INTERVAL,
      sunsetAt,
    },
    official,
  );
  await send(store, id, 'ApproveDesignation', {}, senior);
  return id;
}

/** `count` designations, all with the same sunset, `concurrency` of them being created at a time. */
export async function createDesignations(store: EventStore, count: number, sunsetAt: string, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) ids.push(await designate(store, next++, sunsetAt));
    }),
  );
  return ids;
}
