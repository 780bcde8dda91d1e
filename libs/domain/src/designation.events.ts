import type { DesignationTerms } from './designation.commands';
import type {
  Condition,
  CourtDecision,
  ExemptionTerms,
  HumanitarianWaiver,
  Instant,
  LiftReason,
  Measure,
  NotificationChannel,
  PartnerListingChange,
  Provenance,
  ReminderKind,
  ReviewOutcome,
  SourceFieldChange,
  SourceReference,
  Target,
} from './designation.types';

/**
 * Events are facts in the past tense. Each carries its designation and the version of the policy
 * that shaped it; `effectiveAt` (data) is when it takes legal effect, as distinct from when it was
 * recorded (metadata, added by the store).
 */
type Event<Type extends string, Data> = {
  type: Type;
  data: Data & { designationId: string; policyVersion: string };
};

export type DesignationProposed = Event<
  'DesignationProposed',
  /**
   * `proposedAt` (the command's now) is absent from proposals recorded before it was added.
   * `provenance`: the official list entry an imported designation came from (ImportDesignation);
   * absent for a designation proposed here, and from events recorded before imports existed.
   */
  DesignationTerms & { proposedBy: string; proposedAt?: Instant; provenance?: Provenance }
>;
export type DesignationIssued = Event<
  'DesignationIssued',
  {
    approvedBy: string;
    effectiveAt: Instant;
    /** The date the designation first entered the list (YYYY-MM-DD). */
    listingDate: string;
    sunsetAt: Instant;
    nextReviewDueAt: Instant;
    notificationDueAt: Instant;
    /** The official list entry an imported designation came from (as on its DesignationProposed). */
    provenance?: Provenance;
  }
>;
export type DesignationProposalRejected = Event<'DesignationProposalRejected', { reason: string }>;
export type DesignationProposalWithdrawn = Event<'DesignationProposalWithdrawn', { reason: string }>;
export type MeasuresEscalated = Event<
  'MeasuresEscalated',
  {
    criteriaMet: Condition['number'][];
    justification: string;
    measures: Measure[];
    effectiveAt: Instant;
    humanitarianWaiver?: HumanitarianWaiver;
  }
>;
export type ExemptionGranted = Event<'ExemptionGranted', ExemptionTerms & { effectiveAt: Instant; justification?: string }>;
export type ExemptionRevoked = Event<'ExemptionRevoked', { exemptionId: string; reason: string; effectiveAt: Instant }>;
export type ExemptionExpired = Event<'ExemptionExpired', { exemptionId: string; effectiveAt: Instant }>;
export type TargetNotified = Event<
  'TargetNotified',
  { channel: NotificationChannel; notifiedAt: Instant; responseDeadline: Instant }
>;
export type TargetNotificationOverdue = Event<'TargetNotificationOverdue', { notificationDueAt: Instant }>;
export type RepresentationReceived = Event<
  'RepresentationReceived',
  { representationId: string; receivedAt: Instant; submittedBy: string; summary: string }
>;
export type ReviewReminderIssued = Event<
  'ReviewReminderIssued',
  { reviewDueAt: Instant; kind: ReminderKind; remindAt: Instant; recipients: string[] }
>;
export type ReviewCompleted = Event<
  'ReviewCompleted',
  {
    outcome: ReviewOutcome;
    findings: string;
    representationsConsidered: string[];
    nextReviewDueAt: Instant;
    completedAt: Instant;
    ministry?: string;
  }
>;
export type MeasuresRolledBack = Event<
  'MeasuresRolledBack',
  { conditionsMet: number[]; justification: string; measureIds: string[]; effectiveAt: Instant }
>;
export type SunsetExtended = Event<
  'SunsetExtended',
  { previousSunsetAt: Instant; sunsetAt: Instant; justification: string; reviewCompletedAt: Instant }
>;
export type DesignationLifted = Event<
  'DesignationLifted',
  {
    reason: LiftReason;
    justification: string;
    effectiveAt: Instant;
    liftedBy: string;
    courtOrderId?: string;
    /** The list release that delisted the entry (reason `delisted_at_source`). */
    source?: SourceReference;
  }
>;
export type DesignationExpired = Event<'DesignationExpired', { sunsetAt: Instant; effectiveAt: Instant }>;
export type CourtOrderRecorded = Event<
  'CourtOrderRecorded',
  { orderId: string; court: string; decision: CourtDecision; reference: string; summary: string; effectiveAt: Instant }
>;
/**
 * DOMAIN.md says a court order comes "+ status change". The change is its own event so that every
 * status transition in the log is explicit and projections need not interpret court decisions.
 */
export type DesignationSuspended = Event<'DesignationSuspended', { courtOrderId: string; effectiveAt: Instant }>;
export type DesignationReinstated = Event<'DesignationReinstated', { courtOrderId: string; effectiveAt: Instant }>;
export type DesignationAmended = Event<
  'DesignationAmended',
  {
    target?: Partial<Target>;
    statementOfReasons?: string;
    justification: string;
    /** The list release that amended the entry (RecordAmendmentAtSource). */
    source?: SourceReference;
    /** What that release changed, field by field. */
    changes?: SourceFieldChange[];
  }
>;
/** A partner's list release delisted or amended an entry the designation cross-references. Not public. */
export type PartnerListingChanged = Event<
  'PartnerListingChanged',
  { reference: string; partner: SourceReference; change: PartnerListingChange; changes: SourceFieldChange[]; recordedBy: string }
>;

export type DesignationEvent =
  | DesignationProposed
  | DesignationIssued
  | DesignationProposalRejected
  | DesignationProposalWithdrawn
  | MeasuresEscalated
  | ExemptionGranted
  | ExemptionRevoked
  | ExemptionExpired
  | TargetNotified
  | TargetNotificationOverdue
  | RepresentationReceived
  | ReviewReminderIssued
  | ReviewCompleted
  | MeasuresRolledBack
  | SunsetExtended
  | DesignationLifted
  | DesignationExpired
  | CourtOrderRecorded
  | DesignationSuspended
  | DesignationReinstated
  | DesignationAmended
  | PartnerListingChanged;

export type DesignationEventType = DesignationEvent['type'];
