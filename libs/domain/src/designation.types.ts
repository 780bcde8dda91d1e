/** Controlled vocabularies and value objects of a designation (DOMAIN.md, "The designation"). */

export const TARGET_KINDS = ['individual', 'entity', 'state_body'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const CATEGORIES = ['cyber_crime', 'cyber_espionage', 'armed_cyber_aggression'] as const;
export type Category = (typeof CATEGORIES)[number];

export const JURISDICTIONS = ['domestic', 'international', 'multilateral'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** Ordered from weakest to strongest: the order is what attribution thresholds compare. */
export const CONFIDENCE_LEVELS = ['low', 'moderate', 'high', 'very_high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const EVIDENCE_KINDS = ['technical', 'intelligence', 'open_source', 'partner_shared'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Ordered from least to most sensitive. */
export const CLASSIFICATIONS = ['public', 'restricted', 'confidential', 'secret'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const MEASURE_TYPES = [
  'asset_freeze',
  'financial_restriction',
  'export_control',
  'travel_ban',
  'information_blacklist',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const EXEMPTION_KINDS = ['medicine', 'food', 'energy', 'humanitarian_aid', 'basic_services', 'other'] as const;
export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];

export const COORDINATIONS = ['unilateral', 'coordinated', 'joint'] as const;
export type Coordination = (typeof COORDINATIONS)[number];

export const NOTIFICATION_CHANNELS = [
  'official_journal',
  'diplomatic_channel',
  'registered_mail',
  'electronic',
  'in_person',
] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const REVIEW_OUTCOMES = ['maintain', 'amend', 'escalate', 'relieve', 'lift'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The reasons an official may give when lifting a designation (LiftDesignation). */
export const HUMAN_LIFT_REASONS = [
  'objectives_met',
  'conditions_met',
  'review_outcome',
  'court_order',
  'diplomatic_settlement',
] as const;
export type HumanLiftReason = (typeof HUMAN_LIFT_REASONS)[number];

/**
 * Every reason a DesignationLifted may carry. `delisted_at_source` is recorded only by
 * RecordDelistingAtSource, with the official list release that delisted the entry: no official
 * lifts with it by hand.
 */
export const LIFT_REASONS = [...HUMAN_LIFT_REASONS, 'delisted_at_source'] as const;
export type LiftReason = (typeof LIFT_REASONS)[number];

export const COURT_DECISIONS = ['suspend', 'annul', 'uphold'] as const;
export type CourtDecision = (typeof COURT_DECISIONS)[number];

/**
 * `upcoming`, `due` and `overdue` follow the review schedule (reminder.schedule.ts);
 * `partner_change` is sent at once when a partner's list changes an entry the designation
 * cross-references, and stands for no scheduled reminder.
 */
export const REMINDER_KINDS = ['upcoming', 'due', 'overdue', 'partner_change'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** What a partner's list release did to an entry a designation cross-references. */
export const PARTNER_LISTING_CHANGES = ['delisted', 'amended'] as const;
export type PartnerListingChange = (typeof PARTNER_LISTING_CHANGES)[number];

/** ISO 8601 date-time in UTC, e.g. `2026-11-28T09:00:00.000Z`. */
export type Instant = string;
/** ISO 8601 duration, e.g. `P6M`, `P30D`, `PT5M`. */
export type Duration = string;

export interface Identifier {
  type: string;
  value: string;
}

export interface Target {
  kind: TargetKind;
  name: string;
  aliases: string[];
  country: string;
  identifiers: Identifier[];
}

export interface LegalBasis {
  instrument: string;
  provision: string;
  jurisdiction: Jurisdiction;
}

export interface Evidence {
  ref: string;
  kind: EvidenceKind;
  classification: Classification;
  summary: string;
  corroboratedBy: string[];
}

export interface Attribution {
  confidence: Confidence;
  evidence: Evidence[];
}

export interface Measure {
  measureId: string;
  type: MeasureType;
  capabilities: string[];
  description: string;
}

/** A numbered condition stated up front (escalation criterion or rollback condition). */
export interface Condition {
  number: number;
  text: string;
}

export interface Coalition {
  coordination: Coordination;
  partners: string[];
  crossListReferences: string[];
}

export interface ExemptionTerms {
  exemptionId: string;
  kind: ExemptionKind;
  measureIds: string[];
  beneficiary: string;
  conditions: string;
  oversightBody: string;
  validUntil: Instant;
}

/** An explicit, justified statement that humanitarian needs are met without a standing exemption. */
export interface HumanitarianWaiver {
  justification: string;
}

/**
 * Where a fact came from in an official list release (UN, OFAC, UK, EU). `source` is the
 * publisher (`un` | `ofac` | `uk-ofsi` | `eu`), kept as a string so the domain depends on no list
 * parser.
 */
export interface SourceReference {
  /** The list's id, e.g. `own-ofac-sdn-csv` or `partner-un-xml`. */
  list: string;
  /** The publisher: `un` | `ofac` | `uk-ofsi` | `eu`. */
  source: string;
  /** The publisher's key for the entry. */
  sourceId: string;
  /** SHA-256 (hex) of the release. */
  releaseHash: string;
  /** The release's own date. */
  releaseDate: string;
  /** The import batch that applied it (absent for partner releases). */
  batchId?: string;
}

/** Where an imported designation came from, and who prepared the batch that imported it. */
export interface Provenance extends SourceReference {
  batchId: string;
  /** The original listing date at the source, as precise as given (YYYY, YYYY-MM or YYYY-MM-DD); absent if unknown. */
  listedOn?: string;
  /** The official who prepared the batch (counts as the proposer for four eyes). */
  preparedBy: string;
}

/** One field an official list release changed on an entry; the values are JSON. */
export interface SourceFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
