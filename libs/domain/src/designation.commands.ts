import type { Actor } from './actor';
import type {
  Attribution,
  Category,
  Coalition,
  Condition,
  CourtDecision,
  Duration,
  ExemptionTerms,
  HumanLiftReason,
  HumanitarianWaiver,
  Instant,
  LegalBasis,
  Measure,
  NotificationChannel,
  PartnerListingChange,
  Provenance,
  ReviewOutcome,
  SourceFieldChange,
  SourceReference,
  Target,
} from './designation.types';

/** Every command carries who acts and when; the domain never reads a clock. */
export interface CommandMetadata {
  now: Instant;
  actor: Actor;
}

type Command<Type extends string, Data> = {
  type: Type;
  data: Data & { designationId: string };
  metadata: CommandMetadata;
};

export interface DesignationTerms {
  target: Target;
  category: Category;
  legalBasis: LegalBasis[];
  statementOfReasons: string;
  attribution: Attribution;
  measures: Measure[];
  escalationCriteria: Condition[];
  rollbackConditions: Condition[];
  reviewInterval: Duration;
  sunsetAt: Instant;
  coalition: Coalition;
  reviewingMinistries: string[];
  /** Standing humanitarian exemptions, in force from issuance. */
  exemptions: ExemptionTerms[];
  humanitarianWaiver?: HumanitarianWaiver;
}

export type ProposeDesignation = Command<'ProposeDesignation', DesignationTerms>;
export type ApproveDesignation = Command<'ApproveDesignation', { effectiveAt?: Instant }>;
export type RejectProposal = Command<'RejectProposal', { reason: string }>;
export type WithdrawProposal = Command<'WithdrawProposal', { reason: string }>;
export type EscalateMeasures = Command<
  'EscalateMeasures',
  {
    criteriaMet: number[];
    justification: string;
    measures: Measure[];
    effectiveAt?: Instant;
    humanitarianWaiver?: HumanitarianWaiver;
  }
>;
export type GrantExemption = Command<'GrantExemption', ExemptionTerms & { justification?: string }>;
export type RevokeExemption = Command<'RevokeExemption', { exemptionId: string; reason: string }>;
export type ExpireExemption = Command<'ExpireExemption', { exemptionId: string }>;
export type RecordTargetNotification = Command<
  'RecordTargetNotification',
  { channel: NotificationChannel; notifiedAt: Instant; responseDeadline: Instant }
>;
export type RecordRepresentation = Command<
  'RecordRepresentation',
  { representationId: string; receivedAt: Instant; submittedBy: string; summary: string }
>;
/** The reminder the decider finds due at `now` for the review due at `reviewDueAt`, if any. */
export type IssueReviewReminder = Command<'IssueReviewReminder', { reviewDueAt: Instant }>;
export type FlagOverdueNotification = Command<'FlagOverdueNotification', Record<string, never>>;
export type CompleteReview = Command<
  'CompleteReview',
  {
    outcome: ReviewOutcome;
    findings: string;
    representationsConsidered: string[];
    nextReviewDueAt: Instant;
  }
>;
export type RollBackMeasures = Command<
  'RollBackMeasures',
  { conditionsMet: number[]; justification: string; measureIds: string[]; effectiveAt?: Instant }
>;
export type ExtendSunset = Command<'ExtendSunset', { sunsetAt: Instant; justification: string }>;
/** `delisted_at_source` is not a reason an official gives: RecordDelistingAtSource records it. */
export type LiftDesignation = Command<
  'LiftDesignation',
  { reason: HumanLiftReason; justification: string; effectiveAt?: Instant }
>;
export type ExpireDesignation = Command<'ExpireDesignation', Record<string, never>>;
export type RecordCourtOrder = Command<
  'RecordCourtOrder',
  { orderId: string; court: string; decision: CourtDecision; reference: string; summary: string; effectiveAt: Instant }
>;
export type AmendDesignation = Command<
  'AmendDesignation',
  { target?: Partial<Target>; statementOfReasons?: string; justification: string }
>;


// ---- Official sanctions lists (issue 15): issued by the import batches, never by a route of their own. ----

/**
 * An entry of an official list, imported as a designation in force: proposed (by the official who
 * prepared the batch) and issued (by the senior official who approved it) in one decision. The
 * actor is the approver; four eyes hold between them.
 */
export type ImportDesignation = Command<
  'ImportDesignation',
  { terms: DesignationTerms; provenance: Provenance; firstReviewDueAt?: Instant }
>;
/** The source list no longer carries the entry: the designation is lifted (reason `delisted_at_source`). */
export type RecordDelistingAtSource = Command<
  'RecordDelistingAtSource',
  { source: SourceReference; justification: string }
>;
/** The source list changed the entry: the changes are recorded, with any correction of the target they carry. */
export type RecordAmendmentAtSource = Command<
  'RecordAmendmentAtSource',
  { source: SourceReference; target?: Partial<Target>; changes: SourceFieldChange[]; justification: string }
>;
/**
 * A partner's list release delisted or amended an entry this designation cross-references
 * (`reference`, one of its `coalition.crossListReferences`): recorded, and the reviewing ministries
 * reminded to review now.
 */
export type RecordPartnerListingChange = Command<
  'RecordPartnerListingChange',
  { reference: string; partner: SourceReference; change: PartnerListingChange; changes: SourceFieldChange[] }
>;

export type DesignationCommand =
  | ProposeDesignation
  | ApproveDesignation
  | RejectProposal
  | WithdrawProposal
  | EscalateMeasures
  | GrantExemption
  | RevokeExemption
  | ExpireExemption
  | RecordTargetNotification
  | RecordRepresentation
  | IssueReviewReminder
  | FlagOverdueNotification
  | CompleteReview
  | RollBackMeasures
  | ExtendSunset
  | LiftDesignation
  | ExpireDesignation
  | RecordCourtOrder
  | AmendDesignation
  | ImportDesignation
  | RecordDelistingAtSource
  | RecordAmendmentAtSource
  | RecordPartnerListingChange;

export type CommandType = DesignationCommand['type'];

/** Commands only the service itself issues, from deadline jobs; each is idempotent. */
export const SYSTEM_COMMANDS = [
  'ExpireDesignation',
  'ExpireExemption',
  'IssueReviewReminder',
  'FlagOverdueNotification',
] as const satisfies readonly CommandType[];
export type SystemCommandType = (typeof SYSTEM_COMMANDS)[number];

export function isSystemCommand(command: DesignationCommand): boolean {
  return (SYSTEM_COMMANDS as readonly string[]).includes(command.type);
}
