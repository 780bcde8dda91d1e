import type {
  Category,
  Designation,
  ExemptionKind,
  ExemptionStatus,
  Identifier,
  Instant,
  Jurisdiction,
  MeasureType,
  Provenance,
  Status,
  TargetKind,
} from '@app/domain';
import { sameJson } from './same-json';

/**
 * What the read models keep of a designation. Each view is a pure function of the folded state and
 * of where in the log it was last changed, so a rebuild from the log gives byte-identical views.
 */

/** The folded state of one designation, as the projection keeps it between events. */
export interface DesignationDoc {
  designation: Designation;
  /** Revision of the last event applied. */
  revision: number;
  /** Global position of the last event applied. */
  position: number;
  /** `recordedAt` of the first event (the proposal). */
  proposedAt: Instant;
  /** `recordedAt` of the last event applied. */
  updatedAt: Instant;
}

/**
 * The official list entry an imported designation came from: public facts of that list (which
 * list, whose, the entry's key there, when it was first listed, and the release it now stands on).
 * Who prepared the batch and which batch it was stay internal.
 */
export interface SourceSummary {
  list: string;
  source: string;
  sourceId: string;
  listedOn?: string;
  releaseHash: string;
  releaseDate: string;
}

export function sourceSummaryOf(provenance: Provenance | undefined): SourceSummary | undefined {
  if (!provenance) return undefined;
  const { list, source, sourceId, listedOn, releaseHash, releaseDate } = provenance;
  return { list, source, sourceId, ...(listedOn === undefined ? {} : { listedOn }), releaseHash, releaseDate };
}

/**
 * The references a designation is known by on other lists: its cross-list references and, for an
 * imported one, `<source>:<sourceId>` (e.g. `ofac:36`). The `reference` facet of the consolidated list.
 */
export function referencesOf(summary: Pick<DesignationSummary, 'crossListReferences' | 'source'>): string[] {
  const own = summary.source ? [`${summary.source.source}:${summary.source.sourceId}`] : [];
  return unique([...summary.crossListReferences, ...own].filter((reference) => reference.trim() !== ''));
}

/** One row of the consolidated list (`GET /designations`): no evidence, no actors, no representations. */
export interface DesignationSummary {
  id: string;
  status: Status;
  category: Category;
  targetKind: TargetKind;
  name: string;
  aliases: string[];
  country: string;
  measureTypes: MeasureType[];
  instruments: string[];
  listingDate: string | null;
  effectiveAt: Instant | null;
  sunsetAt: Instant;
  nextReviewDueAt: Instant | null;
  reviewingMinistries: string[];
  exemptionsInForce: number;
  /** References on other lists (e.g. a UN reference number). */
  crossListReferences: string[];
  /** The official list entry it was imported from; absent for a designation proposed here. */
  source?: SourceSummary;
  proposedAt: Instant;
  updatedAt: Instant;
  revision: number;
  position: number;
}

export function summaryOf(doc: DesignationDoc): DesignationSummary {
  const d = doc.designation;
  return {
    id: d.designationId,
    status: d.status,
    category: d.category,
    targetKind: d.target.kind,
    name: d.target.name,
    aliases: [...d.target.aliases],
    country: d.target.country,
    measureTypes: unique(d.measures.map((m) => m.type)),
    instruments: unique(d.legalBasis.map((b) => b.instrument)),
    listingDate: d.listingDate ?? null,
    effectiveAt: d.effectiveAt ?? null,
    sunsetAt: d.sunsetAt,
    nextReviewDueAt: d.nextReviewDueAt ?? null,
    reviewingMinistries: [...d.reviewingMinistries],
    exemptionsInForce: d.exemptions.filter((e) => e.status === 'in_force').length,
    crossListReferences: [...d.coalition.crossListReferences],
    ...withSource(d.provenance),
    proposedAt: doc.proposedAt,
    updatedAt: doc.updatedAt,
    revision: doc.revision,
    position: doc.position,
  };
}

/** One humanitarian exemption, for the exemption registry (`GET /exemptions`). */
export interface ExemptionEntry {
  designationId: string;
  exemptionId: string;
  kind: ExemptionKind;
  status: ExemptionStatus;
  measureIds: string[];
  beneficiary: string;
  conditions: string;
  oversightBody: string;
  validUntil: Instant;
  /** When it stopped being in force (revoked, expired, or `ended` with its designation); null while in force. */
  endedAt: Instant | null;
  /** The designation's status: an exemption ends with it (`ended` once it is lifted, annulled, rejected or withdrawn). */
  designationStatus: Status;
  targetName: string;
}

export function exemptionEntriesOf(doc: DesignationDoc): ExemptionEntry[] {
  const d = doc.designation;
  return d.exemptions.map((e) => ({
    designationId: d.designationId,
    exemptionId: e.exemptionId,
    kind: e.kind,
    status: e.status,
    measureIds: [...e.measureIds],
    beneficiary: e.beneficiary,
    conditions: e.conditions,
    oversightBody: e.oversightBody,
    validUntil: e.validUntil,
    endedAt: e.endedAt ?? null,
    designationStatus: d.status,
    targetName: d.target.name,
  }));
}

/** Statuses that put a designation on the public register. */
export const PUBLIC_STATUSES: readonly Status[] = ['active', 'suspended'];

/**
 * A designation as the public and screening systems see it. Built field by field from an allow-list:
 * a field added to the domain later stays private until someone decides here that it is public.
 * Left out on purpose: attribution (confidence, corroborating partners), every evidence item above
 * `public`, actors, proposals, representations, reviews and their findings, reviewing ministries,
 * justifications of decisions, exemption beneficiaries and oversight bodies, court order details.
 */
export interface PublicEntry {
  id: string;
  status: 'active' | 'suspended';
  target: {
    kind: TargetKind;
    name: string;
    aliases: string[];
    country: string;
    identifiers: Identifier[];
  };
  category: Category;
  legalBasis: { instrument: string; provision: string; jurisdiction: Jurisdiction }[];
  statementOfReasons: string;
  measures: { measureId: string; type: MeasureType; capabilities: string[]; description: string }[];
  exemptions: { exemptionId: string; kind: ExemptionKind; measureIds: string[]; conditions: string; validUntil: Instant }[];
  /** Evidence already public, by reference and summary only. */
  publicEvidence: { ref: string; summary: string }[];
  rollbackConditions: { number: number; text: string }[];
  coalition: { coordination: string; partners: string[]; crossListReferences: string[] };
  /** The official list entry it was imported from (a public fact of that list); absent for a designation proposed here. */
  source?: SourceSummary;
  listingDate: string;
  effectiveAt: Instant;
  sunsetAt: Instant;
  /** `recordedAt` of the last change to this entry's designation. */
  updatedAt: Instant;
}

export function publicEntryOf(doc: DesignationDoc): PublicEntry | undefined {
  const d = doc.designation;
  if (d.status !== 'active' && d.status !== 'suspended') return undefined;
  if (!d.listingDate || !d.effectiveAt) return undefined;
  return {
    id: d.designationId,
    status: d.status,
    target: {
      kind: d.target.kind,
      name: d.target.name,
      aliases: [...d.target.aliases],
      country: d.target.country,
      identifiers: d.target.identifiers.map(({ type, value }) => ({ type, value })),
    },
    category: d.category,
    legalBasis: d.legalBasis.map(({ instrument, provision, jurisdiction }) => ({ instrument, provision, jurisdiction })),
    statementOfReasons: d.statementOfReasons,
    measures: d.measures.map(({ measureId, type, capabilities, description }) => ({ measureId, type, capabilities: [...capabilities], description })),
    exemptions: d.exemptions
      .filter((e) => e.status === 'in_force')
      .map(({ exemptionId, kind, measureIds, conditions, validUntil }) => ({ exemptionId, kind, measureIds: [...measureIds], conditions, validUntil })),
    publicEvidence: d.attribution.evidence
      .filter((e) => e.classification === 'public')
      .map(({ ref, summary }) => ({ ref, summary })),
    rollbackConditions: d.rollbackConditions.map(({ number, text }) => ({ number, text })),
    coalition: {
      coordination: d.coalition.coordination,
      partners: [...d.coalition.partners],
      crossListReferences: [...d.coalition.crossListReferences],
    },
    ...withSource(d.provenance),
    listingDate: d.listingDate,
    effectiveAt: d.effectiveAt,
    sunsetAt: d.sunsetAt,
    updatedAt: doc.updatedAt,
  };
}

/** An entry of the public change feed, in the manner of OpenSanctions' delta files. */
export type ChangeOp = 'ADD' | 'MOD' | 'DEL';

export interface PublicChange {
  /** Global position of the event that made the change: pass the last one seen as `since`. */
  position: number;
  op: ChangeOp;
  id: string;
  /** When the change was recorded. */
  at: Instant;
  /** The entry as it now stands (ADD, MOD); absent for DEL. */
  entry?: PublicEntry;
}

/**
 * The change an event made to the public register, if any. `updatedAt` is ignored in the comparison:
 * an internal event (a reminder, a representation) touches the designation but not what the public sees.
 */
export function publicChange(before: PublicEntry | undefined, after: PublicEntry | undefined, position: number, at: Instant): PublicChange | undefined {
  if (!before && !after) return undefined;
  if (!before) return { position, op: 'ADD', id: after!.id, at, entry: after };
  if (!after) return { position, op: 'DEL', id: before.id, at };
  if (sameJson(before, after, 'updatedAt')) return undefined;
  return { position, op: 'MOD', id: after.id, at, entry: after };
}

/** `{ source }` for an imported designation, nothing at all for one proposed here. */
function withSource(provenance: Provenance | undefined): { source?: SourceSummary } {
  const source = sourceSummaryOf(provenance);
  return source ? { source } : {};
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
