import type { DesignationTerms, Identifier, Measure, Target } from '@app/domain';
import type { Listing } from '@app/lists';
import { mappingsOf, type ImportMapping, type ImportTerms } from './import-mapping';

export interface ReleaseCitation {
  source: string;
  releaseHash: string;
  releaseDate: string;
}

/** `<source>:<id>`: how designations cite a listing of a published list (coalition.crossListReferences). */
export function listingReferences(listing: Listing): string[] {
  const ids = [listing.sourceId, listing.referenceNumber, listing.euReferenceNumber].filter((id): id is string => Boolean(id));
  return [...new Set(ids)].map((id) => `${listing.source}:${id}`);
}

/** The target as the source describes it; the source's words kept as given. */
export function targetOf(listing: Listing): Target {
  const aliases = [...new Set(listing.names.slice(1).map((n) => n.name.trim()).filter((n) => n && n !== listing.name))];
  const identifiers: Identifier[] = listing.identifiers
    .filter((i) => i.value !== undefined && i.value.trim() !== '')
    .map((i) => ({ type: i.currency ? `${i.type}:${i.currency}` : i.type, value: i.value!.trim() }));
  const country =
    listing.nationalities[0] ?? listing.citizenships[0] ?? listing.addresses.find((a) => a.country)?.country ?? '';
  return {
    kind: listing.kind === 'individual' ? 'individual' : 'entity',
    name: listing.name,
    aliases,
    country,
    identifiers: uniqueIdentifiers(identifiers),
  };
}

function uniqueIdentifiers(identifiers: Identifier[]): Identifier[] {
  const seen = new Set<string>();
  return identifiers.filter((i) => {
    const k = `${i.type}\u0000${i.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The designation terms an in-scope listing is imported with: the target as listed, the mapped
 * programs' category, legal bases and measures, the batch's review and sunset, and the listing
 * itself as the evidence (the earlier decision's own evidence stays with the authority that took it).
 */
export function designationTermsOf(listing: Listing, mapping: ImportMapping, terms: ImportTerms, release: ReleaseCitation): DesignationTerms {
  const mapped = mappingsOf(listing, mapping);
  if (mapped.length === 0) throw new RangeError(`listing ${listing.sourceId} is not under a mapped program`);
  const legalBasis = uniqueBy(mapped.flatMap((m) => m.legalBasis), (b) => `${b.instrument}\u0000${b.provision}\u0000${b.jurisdiction}`);
  const measureTypes = [...new Set(mapped.flatMap((m) => m.measures))];
  const programs = listing.programs.join(', ');
  const measures: Measure[] = measureTypes.map((type, index) => ({
    measureId: `m${index + 1}`,
    type,
    capabilities: [],
    description: `${type.replace(/_/g, ' ')}, as under ${programs} at the source`,
  }));
  const reasons = listing.remarks?.trim();
  return {
    target: targetOf(listing),
    category: mapped[0].category,
    legalBasis,
    statementOfReasons: reasons
      ? reasons
      : `Listed by ${release.source} under ${programs}${listing.listedOn ? ` since ${listing.listedOn}` : ''} (entry ${listing.sourceId}).`,
    attribution: {
      confidence: terms.confidence ?? 'high',
      evidence: [
        {
          ref: `${listing.source}:${listing.sourceId}`,
          kind: 'open_source',
          classification: 'public',
          summary: `Entry ${listing.sourceId} of the ${release.source} list released ${release.releaseDate} (sha256 ${release.releaseHash})`,
          corroboratedBy: [],
        },
      ],
    },
    measures,
    escalationCriteria: [],
    rollbackConditions: [],
    reviewInterval: terms.reviewInterval,
    sunsetAt: terms.sunsetAt,
    coalition: { coordination: 'unilateral', partners: [], crossListReferences: [] },
    reviewingMinistries: [...terms.reviewingMinistries],
    exemptions: [],
    ...(terms.humanitarianWaiver ? { humanitarianWaiver: { justification: terms.humanitarianWaiver.justification } } : {}),
  };
}

function uniqueBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = keyOf(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** What of a target an amendment at the source changes, in the designation's own terms; undefined if nothing. */
export function targetChanges(before: Listing, after: Listing): Partial<Target> | undefined {
  const was = targetOf(before);
  const now = targetOf(after);
  const changed: Partial<Target> = {};
  if (was.name !== now.name) changed.name = now.name;
  if (!sameSet(was.aliases, now.aliases)) changed.aliases = now.aliases;
  if (was.country !== now.country) changed.country = now.country;
  if (!sameSet(was.identifiers, now.identifiers)) changed.identifiers = now.identifiers;
  if (was.kind !== now.kind) changed.kind = now.kind;
  return Object.keys(changed).length > 0 ? changed : undefined;
}

/** The same items in any order: a source reordering aliases or identifiers changes nothing (reconcile compares arrays as sets). */
function sameSet(a: unknown[], b: unknown[]): boolean {
  const key = (items: unknown[]) => JSON.stringify(items.map((item) => JSON.stringify(item)).sort());
  return key(a) === key(b);
}

/** What an official states when turning a partner's listing into a proposal; the rest comes from the listing. */
export type CandidateProposalTerms = Omit<DesignationTerms, 'target' | 'coalition'>;

/**
 * A proposal aligned with a partner's listing: the target as the partner lists it, coordination
 * `coordinated` with that partner, the listing's references, and the listing itself added to the
 * evidence as partner-shared. It then goes through the ordinary four-eyes path.
 */
export function proposalFromCandidate(
  candidate: { listing: Listing; references: string[]; releaseHash: string; releaseDate: string },
  terms: CandidateProposalTerms,
): DesignationTerms {
  const { listing } = candidate;
  const reference = candidate.references[0] ?? `${listing.source}:${listing.sourceId}`;
  const alreadyCited = terms.attribution.evidence.some((e) => e.ref === reference);
  return {
    ...terms,
    target: targetOf(listing),
    attribution: {
      ...terms.attribution,
      evidence: alreadyCited
        ? terms.attribution.evidence
        : [
            ...terms.attribution.evidence,
            {
              ref: reference,
              kind: 'partner_shared',
              classification: 'public',
              summary: `Listed by ${listing.source} under ${listing.programs.join(', ')} (release of ${candidate.releaseDate}, sha256 ${candidate.releaseHash})`,
              corroboratedBy: [listing.source],
            },
          ],
    },
    coalition: { coordination: 'coordinated', partners: [listing.source], crossListReferences: [...candidate.references] },
  };
}
