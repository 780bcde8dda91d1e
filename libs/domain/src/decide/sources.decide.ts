import type { ImportDesignation, RecordAmendmentAtSource, RecordDelistingAtSource, RecordPartnerListingChange } from '../designation.commands';
import type {
  DesignationAmended,
  DesignationIssued,
  DesignationLifted,
  DesignationProposed,
  PartnerListingChanged,
  ReviewReminderIssued,
} from '../designation.events';
import { exists, type DesignationState } from '../designation.state';
import { PARTNER_LISTING_CHANGES, type Instant, type Provenance, type SourceFieldChange, type SourceReference } from '../designation.types';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { addDuration, earliest, isAfter, normalizeInstant } from '../time';
import { targetCorrection } from './court-and-amendment.decide';
import { effectiveNow, requireOneOf, requireRole, requireStatus, requireText, stamp } from './guards';
import { requireSoundTerms } from './proposal.decide';

/**
 * Official sanctions lists (UN, OFAC, UK, EU) in the lifecycle (issue 15). The import batches
 * (libs/imports) issue these commands once a batch has been prepared by one official and approved
 * by a senior official; a partner's list release is recorded by the official who read it.
 */

/**
 * An entry of an official list becomes a designation in force: proposed by the official who
 * prepared the batch, issued by the senior official who approved it (the actor), in one decision.
 * Its terms meet every rule a proposal's do except the attribution threshold: the listing was
 * decided under its source's own process, and its evidence is the listing itself.
 */
export function importDesignation(
  command: ImportDesignation,
  state: DesignationState,
  policy: Policy,
): [DesignationProposed, DesignationIssued] {
  const { data, metadata } = command;
  if (exists(state)) reject(ErrorCode.AlreadyExists, 'A designation with this id already exists');
  requireRole(metadata.actor, 'senior_official');
  const provenance = requireProvenance(data.provenance);
  if (metadata.actor.id === provenance.preparedBy) {
    reject(ErrorCode.FourEyes, 'The official who prepared the import batch cannot approve it');
  }
  const now = normalizeInstant(metadata.now, 'now');
  const { sunsetAt, exemptions } = requireSoundTerms(data.terms, policy, now);
  const nextReviewDueAt = firstReviewDue(data.firstReviewDueAt, data.terms.reviewInterval, sunsetAt, now, policy);
  const base = stamp(policy, data.designationId);
  return [
    {
      type: 'DesignationProposed',
      data: { ...data.terms, ...base, sunsetAt, exemptions, proposedBy: provenance.preparedBy, proposedAt: now, provenance },
    },
    {
      type: 'DesignationIssued',
      data: {
        ...base,
        approvedBy: metadata.actor.id,
        effectiveAt: now,
        // The date it first entered a list is the source's, when the source gives the day.
        listingDate: provenance.listedOn !== undefined && FULL_DATE.test(provenance.listedOn) ? provenance.listedOn : now.slice(0, 10),
        sunsetAt,
        nextReviewDueAt,
        notificationDueAt: addDuration(now, policy.notificationDeadline),
        provenance,
      },
    },
  ];
}

/**
 * What a release's delisting or amendment needs: a designation in force, a senior official (the
 * batch's approver: four eyes were applied to the batch), the release cited, and a justification.
 */
function requireSourceDecision(command: RecordDelistingAtSource | RecordAmendmentAtSource, state: DesignationState) {
  const designation = requireStatus(state, ErrorCode.NotInForce, 'active', 'suspended');
  requireRole(command.metadata.actor, 'senior_official');
  const source = requireSourceReference(command.data.source, 'source');
  requireText(command.data.justification, 'justification');
  return { designation, source };
}

/** The source no longer lists the entry: the designation is lifted. Four eyes were applied to the batch. */
export function recordDelistingAtSource(command: RecordDelistingAtSource, state: DesignationState, policy: Policy): [DesignationLifted] {
  const { data, metadata } = command;
  const { designation, source } = requireSourceDecision(command, state);
  return [
    {
      type: 'DesignationLifted',
      data: {
        ...stamp(policy, data.designationId),
        reason: 'delisted_at_source',
        justification: data.justification,
        // Now; for a designation approved for a later date, when it takes effect (never before it).
        effectiveAt: effectiveNow(designation, normalizeInstant(metadata.now, 'now')),
        liftedBy: metadata.actor.id,
        source,
      },
    },
  ];
}

/** The source amended the entry: its changes are recorded, and the target corrected where they say so. */
export function recordAmendmentAtSource(command: RecordAmendmentAtSource, state: DesignationState, policy: Policy): [DesignationAmended] {
  const { data } = command;
  const { designation, source } = requireSourceDecision(command, state);
  const changes = requireChanges(data.changes);
  if (changes.length === 0) reject(ErrorCode.NothingToAmend, 'An amendment at the source must name at least one change');
  const target = targetCorrection(data.target, designation, policy);
  return [
    {
      type: 'DesignationAmended',
      data: {
        ...stamp(policy, data.designationId),
        ...(target ? { target } : {}),
        justification: data.justification,
        source,
        changes,
      },
    },
  ];
}

/**
 * A partner's list delisted or amended an entry the designation cross-references: recorded, and,
 * while the designation is in force, its reviewing ministries reminded to review it now (the
 * measures must adjust as the facts evolve). The same change from the same release decides nothing.
 */
export function recordPartnerListingChange(
  command: RecordPartnerListingChange,
  state: DesignationState,
  policy: Policy,
): Array<PartnerListingChanged | ReviewReminderIssued> {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.Final, 'proposed', 'active', 'suspended');
  // The service itself records a partner's release it fetched on schedule (PARTNER_FEEDS).
  requireRole(metadata.actor, 'official', 'senior_official', 'system');
  const now = normalizeInstant(metadata.now, 'now');
  requireString(data.reference, 'reference');
  const partner = requireSourceReference(data.partner, 'partner');
  requireOneOf(PARTNER_LISTING_CHANGES, data.change, 'change');
  const changes = requireChanges(data.changes);
  const reference = referenceKey(data.reference);
  if (!designation.coalition.crossListReferences.some((r) => referenceKey(r) === reference)) {
    reject(ErrorCode.ReferenceNotFound, `${data.reference} is not among the designation's cross-list references`, { reference: data.reference });
  }
  const seen = designation.partnerChanges.some(
    (p) => p.releaseHash === partner.releaseHash && p.change === data.change && referenceKey(p.reference) === reference,
  );
  if (seen) return [];
  const base = stamp(policy, data.designationId);
  const recorded: PartnerListingChanged = {
    type: 'PartnerListingChanged',
    data: { ...base, reference: data.reference, partner, change: data.change, changes, recordedBy: metadata.actor.id },
  };
  const inForce = designation.status === 'active' || designation.status === 'suspended';
  if (!inForce || !designation.nextReviewDueAt) return [recorded];
  return [
    recorded,
    {
      type: 'ReviewReminderIssued',
      data: { ...base, reviewDueAt: designation.nextReviewDueAt, kind: 'partner_change', remindAt: now, recipients: designation.reviewingMinistries },
    },
  ];
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** YYYY, YYYY-MM or YYYY-MM-DD: a date as precise as the source gives it. */
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** A first review after now, within the maximum review interval and not after the sunset; by default one review interval on, or the sunset. */
function firstReviewDue(requested: Instant | undefined, reviewInterval: string, sunsetAt: Instant, now: Instant, policy: Policy): Instant {
  if (requested === undefined) return earliest(addDuration(now, reviewInterval, 1, 'reviewInterval'), sunsetAt);
  const firstReviewDueAt = normalizeInstant(requested, 'firstReviewDueAt');
  const notAfter = earliest(addDuration(now, policy.maxReviewInterval), sunsetAt);
  if (!isAfter(firstReviewDueAt, now) || isAfter(firstReviewDueAt, notAfter)) {
    reject(ErrorCode.FirstReviewOutOfRange, `firstReviewDueAt must be after now and no later than ${notAfter} (${policy.maxReviewInterval} from now, and not after the sunset)`, {
      firstReviewDueAt,
      now,
      notAfter,
    });
  }
  return firstReviewDueAt;
}

/** The source reference as recorded: its own fields only, each present. */
function requireSourceReference(reference: SourceReference | undefined, field: string): SourceReference {
  const given: Partial<SourceReference> = reference ?? {};
  for (const key of ['list', 'source', 'sourceId', 'releaseHash', 'releaseDate'] as const) requireString(given[key], `${field}.${key}`);
  if (given.batchId !== undefined) requireString(given.batchId, `${field}.batchId`);
  const { list, source, sourceId, releaseHash, releaseDate, batchId } = given as SourceReference;
  return { list, source, sourceId, releaseHash, releaseDate, ...(batchId === undefined ? {} : { batchId }) };
}

function requireProvenance(provenance: Provenance | undefined): Provenance {
  const reference = requireSourceReference(provenance, 'provenance');
  const { batchId, listedOn, preparedBy } = provenance!;
  requireString(batchId, 'provenance.batchId');
  requireString(preparedBy, 'provenance.preparedBy');
  if (listedOn !== undefined && (typeof listedOn !== 'string' || !PARTIAL_DATE.test(listedOn) || !realDate(listedOn))) {
    reject(ErrorCode.InvalidInstant, 'provenance.listedOn must be a date as YYYY, YYYY-MM or YYYY-MM-DD', { field: 'provenance.listedOn', value: listedOn });
  }
  return { ...reference, batchId, ...(listedOn === undefined ? {} : { listedOn }), preparedBy };
}

/** A full date that exists in the calendar (not 2026-02-30); a year or a month always does. */
function realDate(value: string): boolean {
  return !FULL_DATE.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** Each change names its field; before and after are JSON, kept as given. */
function requireChanges(changes: SourceFieldChange[] | undefined): SourceFieldChange[] {
  if (!Array.isArray(changes)) return reject(ErrorCode.NothingToAmend, 'changes must be a list of field changes');
  return changes.map((change) => {
    requireString(change?.field, 'changes.field');
    return { field: change.field, before: change.before ?? null, after: change.after ?? null };
  });
}

/** Commands reach the domain from JSON: a required text that is not a string is refused like an empty one, never a crash. */
function requireString(value: unknown, field: string): void {
  requireText(typeof value === 'string' ? value : undefined, field);
}

/** Cross-list references compare trimmed and case-insensitively ("QDi.413" is "qdi.413 "). */
function referenceKey(reference: string): string {
  return reference.trim().toLowerCase();
}
