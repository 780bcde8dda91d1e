import { randomUUID } from 'node:crypto';
import { recordFact } from '@app/command-handling';
import type { Actor } from '@app/domain';
import type { EventStore } from '@app/event-store';

export type AccessedResource = 'designation' | 'events' | 'audit-trail' | 'state';

/** A court reads a record for a proceeding, and says which. */
export class PurposeRequiredError extends Error {
  override readonly name = 'PurposeRequiredError';
  readonly code = 'INPUT.PURPOSE_REQUIRED';
  constructor() {
    super('A court states the purpose of its reading: add ?purpose=<case or proceeding>');
  }
}

/** One stream a day keeps each stream short; all of them are covered by the log's checkpoints. */
export const accessLogStream = (at: Date) => `access-log-${at.toISOString().slice(0, 10)}`;

export interface AccessRecord {
  reader: Actor;
  resource: AccessedResource;
  designationId: string;
  purpose?: string;
  /** The request's correlation id. */
  requestId?: string;
}

/**
 * Who read what, and why. Reads of audit trails, of full event streams, and of designations with
 * evidence above `public` are recorded in the log before the answer is sent: if the record cannot
 * be written, nothing is served.
 */
export async function recordAccess(store: EventStore, access: AccessRecord, at: Date): Promise<void> {
  if (access.reader.roles.includes('court') && !access.purpose) throw new PurposeRequiredError();
  const now = at.toISOString();
  const commandId = randomUUID();
  await recordFact(
    store,
    accessLogStream(at),
    {
      type: 'RecordAccessed',
      data: { resource: access.resource, designationId: access.designationId, purpose: access.purpose ?? null, requestId: access.requestId ?? null, accessedAt: now },
      metadata: { now, actor: access.reader },
    },
    { commandId, correlationId: access.requestId },
  );
}
