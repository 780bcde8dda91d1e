import { CONFIDENCE_LEVELS, type Attribution, type Category, type Target } from '../designation.types';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';

/** The category bounds what may be designated: who can be targeted and on how much evidence. */
export function requireAttributionMeetsPolicy(policy: Policy, category: Category, attribution: Attribution): void {
  const threshold = policy.attribution[category];
  // Evidence refs are unique in any designation's terms (requireSoundTerms): counted here as distinct sources.
  if (CONFIDENCE_LEVELS.indexOf(attribution.confidence) < CONFIDENCE_LEVELS.indexOf(threshold.minConfidence)) {
    reject(
      ErrorCode.AttributionConfidenceTooLow,
      `${category} needs attribution confidence of at least ${threshold.minConfidence}`,
      { category, confidence: attribution.confidence, required: threshold.minConfidence },
    );
  }
  if (attribution.evidence.length < threshold.minIndependentSources) {
    reject(
      ErrorCode.InsufficientSources,
      `${category} needs at least ${threshold.minIndependentSources} independent evidence sources`,
      { category, sources: attribution.evidence.length, required: threshold.minIndependentSources },
    );
  }
  const partnerCorroborated = attribution.evidence.some(
    (e) => e.kind === 'partner_shared' || e.corroboratedBy.length > 0,
  );
  if (threshold.requiresPartnerCorroboration && !partnerCorroborated) {
    reject(ErrorCode.PartnerCorroborationRequired, `${category} needs at least one partner-shared corroboration`, {
      category,
    });
  }
}

export function requireTargetAllowed(policy: Policy, category: Category, target: Pick<Target, 'kind'>): void {
  if (target.kind === 'state_body' && !policy.stateBodyCategories.includes(category)) {
    reject(ErrorCode.StateBodyNotAllowed, `A state body cannot be designated for ${category}`, { category });
  }
}
