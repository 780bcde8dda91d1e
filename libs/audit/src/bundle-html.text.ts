/** Bundle values as plain text for the page, not yet escaped: words, instants in ISO form, names of events and fields. */

/** A value as plain text (not yet escaped). */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function words(value: string): string {
  return value.replace(/_/g, ' ');
}

export function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function iso(t: number): string {
  return new Date(t).toISOString();
}

const EVENT_NAMES: Record<string, string> = {
  DesignationProposed: 'Designation proposed',
  DesignationIssued: 'Designation approved and issued',
  DesignationProposalRejected: 'Proposal rejected',
  DesignationProposalWithdrawn: 'Proposal withdrawn',
  MeasuresEscalated: 'Measures escalated',
  ExemptionGranted: 'Exemption granted',
  ExemptionRevoked: 'Exemption revoked',
  ExemptionExpired: 'Exemption expired',
  TargetNotified: 'Target notified',
  TargetNotificationOverdue: 'Notification of the target overdue',
  RepresentationReceived: 'Representation received',
  ReviewReminderIssued: 'Review reminder issued',
  ReviewCompleted: 'Review completed',
  MeasuresRolledBack: 'Measures rolled back',
  SunsetExtended: 'Sunset extended',
  DesignationLifted: 'Designation lifted',
  DesignationExpired: 'Designation expired at its sunset',
  CourtOrderRecorded: 'Court order recorded',
  DesignationSuspended: 'Designation suspended by court order',
  DesignationReinstated: 'Designation reinstated by court order',
  DesignationAmended: 'Designation amended',
  PartnerListingChanged: 'Partner listing changed',
};

export function eventName(type: string): string {
  if (Object.hasOwn(EVENT_NAMES, type)) return EVENT_NAMES[type];
  return sentenceCase(type);
}

const LABELS: Record<string, string> = {
  statementOfReasons: 'Statement of reasons',
  humanitarianWaiver: 'Humanitarian waiver',
  criteriaMet: 'Escalation criteria met',
  conditionsMet: 'Rollback conditions met',
  measureIds: 'Measures',
  sunsetAt: 'Sunset',
  previousSunsetAt: 'Previous sunset',
  nextReviewDueAt: 'Next review due',
  notificationDueAt: 'Notification due',
  reviewDueAt: 'Review due',
  validUntil: 'Valid until',
  exemptionId: 'Exemption',
  orderId: 'Court order',
  courtOrderId: 'Court order',
  representationId: 'Representation',
  representationsConsidered: 'Representations considered',
  escalationCriteria: 'Escalation criteria',
  rollbackConditions: 'Rollback conditions',
  reviewingMinistries: 'Reviewing ministries',
  oversightBody: 'Oversight body',
  provenance: 'Official list entry',
  partner: 'Partner list entry',
  sourceId: 'Source id',
  releaseHash: 'Release hash (SHA-256)',
  listedOn: 'Listed at the source',
  batchId: 'Import batch',
  preparedBy: 'Batch prepared by',
  changes: 'Changes at the source',
  crossListReferences: 'Cross-list references',
};

export function label(key: string): string {
  if (Object.hasOwn(LABELS, key)) return LABELS[key];
  return sentenceCase(key);
}

/** An identifier in camel or Pascal case as a phrase: `policyVersion` as "Policy version". */
function sentenceCase(identifier: string): string {
  const spaced = identifier.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
