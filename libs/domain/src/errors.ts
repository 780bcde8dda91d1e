/**
 * Stable rejection codes. Clients and the API's error mapping depend on these strings:
 * add new ones freely, never rename one.
 */
export const ErrorCode = {
  UnknownCommand: 'INPUT.UNKNOWN_COMMAND',
  UnknownValue: 'INPUT.UNKNOWN_VALUE',
  InvalidInstant: 'INPUT.INVALID_INSTANT',
  InvalidDuration: 'INPUT.INVALID_DURATION',
  RoleRequired: 'ACTOR.ROLE_REQUIRED',
  FourEyes: 'ACTOR.FOUR_EYES',
  NotProposer: 'ACTOR.NOT_PROPOSER',
  MinistryNotResponsible: 'ACTOR.MINISTRY_NOT_RESPONSIBLE',

  AlreadyExists: 'DESIGNATION.ALREADY_EXISTS',
  NotFound: 'DESIGNATION.NOT_FOUND',
  NotProposed: 'DESIGNATION.NOT_PROPOSED',
  NotActive: 'DESIGNATION.NOT_ACTIVE',
  NotInForce: 'DESIGNATION.NOT_IN_FORCE',
  AlreadySuspended: 'DESIGNATION.ALREADY_SUSPENDED',
  Final: 'DESIGNATION.FINAL',
  LegalBasisRequired: 'DESIGNATION.LEGAL_BASIS_REQUIRED',
  MeasuresRequired: 'DESIGNATION.MEASURES_REQUIRED',
  ReviewingMinistryRequired: 'DESIGNATION.REVIEWING_MINISTRY_REQUIRED',
  DuplicateId: 'DESIGNATION.DUPLICATE_ID',
  SunsetNotAfterEffect: 'DESIGNATION.SUNSET_NOT_AFTER_EFFECT',
  RetroactiveEffect: 'DESIGNATION.RETROACTIVE_EFFECT',
  /** Nothing takes effect on a designation before the designation itself does. */
  EffectBeforeIssue: 'DESIGNATION.EFFECT_BEFORE_ISSUE',
  /** An approval takes effect no earlier than the proposal it approves. */
  EffectBeforeProposal: 'DESIGNATION.EFFECT_BEFORE_PROPOSAL',
  NothingToAmend: 'DESIGNATION.NOTHING_TO_AMEND',
  JustificationRequired: 'DESIGNATION.JUSTIFICATION_REQUIRED',
  /** An imported designation's first review is due after now, within the maximum review interval, and not after its sunset. */
  FirstReviewOutOfRange: 'DESIGNATION.FIRST_REVIEW_OUT_OF_RANGE',
  /** A partner's list change names a reference that is not among the designation's cross-list references. */
  ReferenceNotFound: 'DESIGNATION.REFERENCE_NOT_FOUND',

  MeasureAboveCeiling: 'POLICY.MEASURE_ABOVE_CEILING',
  StateBodyNotAllowed: 'POLICY.STATE_BODY_NOT_ALLOWED',
  AttributionConfidenceTooLow: 'POLICY.ATTRIBUTION_CONFIDENCE_TOO_LOW',
  InsufficientSources: 'POLICY.INSUFFICIENT_SOURCES',
  PartnerCorroborationRequired: 'POLICY.PARTNER_CORROBORATION_REQUIRED',
  HumanitarianSafeguardRequired: 'POLICY.HUMANITARIAN_SAFEGUARD_REQUIRED',
  SunsetBeyondMaxDuration: 'POLICY.SUNSET_BEYOND_MAX_DURATION',
  ReviewIntervalTooLong: 'POLICY.REVIEW_INTERVAL_TOO_LONG',

  UnknownMeasure: 'MEASURE.NOT_FOUND',
  CriterionRequired: 'ESCALATION.CRITERION_REQUIRED',
  UnknownCriterion: 'ESCALATION.UNKNOWN_CRITERION',
  ConditionRequired: 'ROLLBACK.CONDITION_REQUIRED',
  UnknownCondition: 'ROLLBACK.UNKNOWN_CONDITION',
  WouldRemoveAllMeasures: 'ROLLBACK.WOULD_REMOVE_ALL_MEASURES',

  ExemptionNotFound: 'EXEMPTION.NOT_FOUND',
  ExemptionNotInForce: 'EXEMPTION.NOT_IN_FORCE',
  ExemptionBeyondSunset: 'EXEMPTION.BEYOND_SUNSET',
  ExemptionAlreadyEnded: 'EXEMPTION.ALREADY_ENDED',
  ExemptionMeasuresRequired: 'EXEMPTION.MEASURES_REQUIRED',

  NotYetHappened: 'INPUT.NOT_YET_HAPPENED',
  ResponseDeadlineNotAfterNotice: 'NOTIFICATION.RESPONSE_DEADLINE_NOT_AFTER_NOTICE',

  RepresentationsNotConsidered: 'REVIEW.REPRESENTATIONS_NOT_CONSIDERED',
  UnknownRepresentation: 'REVIEW.UNKNOWN_REPRESENTATION',
  NextReviewNotInFuture: 'REVIEW.NEXT_REVIEW_NOT_IN_FUTURE',
  NextReviewAfterSunset: 'REVIEW.NEXT_REVIEW_AFTER_SUNSET',

  RecentReviewRequired: 'SUNSET.RECENT_REVIEW_REQUIRED',
  SunsetNotLater: 'SUNSET.NOT_LATER',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A command was refused by a rule; nothing was decided. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function reject(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
