import type { Category, Confidence, Duration, Instant, LegalBasis, MeasureType } from '@app/domain';
import type { Listing } from '@app/lists';

/**
 * How a program (OFAC) or regime (OFSI, EU, UN list type) of the source maps onto this regime:
 * only listings under a mapped program are in scope; each gets the category, legal bases and
 * measures stated here.
 */
export interface ProgramMapping {
  /** The source's own code or name for it, compared case-insensitively (`CYBER2`, `Cyber`). */
  program: string;
  category: Category;
  legalBasis: LegalBasis[];
  measures: MeasureType[];
}

/** The discipline every imported designation is brought under: stated once for the batch. */
export interface ImportTerms {
  sunsetAt: Instant;
  reviewInterval: Duration;
  /** When the first review is due; default: one review interval from the import. */
  firstReviewDueAt?: Instant;
  reviewingMinistries: string[];
  /** The confidence the authority places in its earlier decisions. Default `high`. */
  confidence?: Confidence;
  /** Needed when a mapped measure requires a humanitarian safeguard (asset freeze…): how needs are met. */
  humanitarianWaiver?: { justification: string };
}

export interface ImportMapping {
  programs: ProgramMapping[];
}

const key = (program: string) => program.trim().toLowerCase();

/** The mappings of the listing's programs, in the mapping's order; none: the listing is out of scope. */
export function mappingsOf(listing: Listing, mapping: ImportMapping): ProgramMapping[] {
  const programs = new Set(listing.programs.map(key));
  return mapping.programs.filter((p) => programs.has(key(p.program)));
}

export function inScope(listing: Listing, mapping: ImportMapping): boolean {
  return mappingsOf(listing, mapping).length > 0;
}
