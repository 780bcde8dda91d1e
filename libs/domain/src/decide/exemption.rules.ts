import { EXEMPTION_KINDS, type ExemptionTerms, type Instant, type Measure } from '../designation.types';
import { ErrorCode, reject } from '../errors';
import { isAfter, normalizeInstant } from '../time';
import { requireOneOf, requireText } from './guards';

/** An exemption names the measures it carves out and ends after it takes effect (`from`), no later than the designation. */
export function requireExemptionTerms(
  terms: ExemptionTerms,
  measures: Measure[],
  sunsetAt: Instant,
  from: Instant,
): ExemptionTerms {
  if (terms.measureIds.length === 0) {
    reject(ErrorCode.ExemptionMeasuresRequired, 'An exemption must name the measures it exempts');
  }
  const unknown = terms.measureIds.filter((id) => !measures.some((m) => m.measureId === id));
  if (unknown.length > 0) {
    reject(ErrorCode.UnknownMeasure, `No such measure: ${unknown.join(', ')}`, { measureIds: unknown });
  }
  requireOneOf(EXEMPTION_KINDS, terms.kind, 'kind');
  requireText(terms.beneficiary, 'beneficiary');
  requireText(terms.conditions, 'conditions');
  requireText(terms.oversightBody, 'oversightBody');
  const validUntil = normalizeInstant(terms.validUntil, 'validUntil');
  if (isAfter(validUntil, sunsetAt)) {
    reject(ErrorCode.ExemptionBeyondSunset, 'An exemption cannot outlast the designation', { validUntil, sunsetAt });
  }
  if (!isAfter(validUntil, from)) {
    reject(ErrorCode.ExemptionAlreadyEnded, 'validUntil must be after the exemption takes effect (now, or when the designation does)', { validUntil, from });
  }
  return { ...terms, validUntil };
}
