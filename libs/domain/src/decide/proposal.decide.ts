import type { ApproveDesignation, DesignationTerms, ProposeDesignation } from '../designation.commands';
import type { DesignationIssued, DesignationProposed } from '../designation.events';
import { CATEGORIES, CONFIDENCE_LEVELS, TARGET_KINDS, type ExemptionTerms, type Instant } from '../designation.types';
import { exists, type DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { addDuration, earliest, isAfter, normalizeInstant } from '../time';
import { requireAttributionMeetsPolicy, requireTargetAllowed } from './attribution.rules';
import { requireExemptionTerms } from './exemption.rules';
import {
  effectiveFrom,
  requireHumanitarianSafeguard,
  requireOneOf,
  requireSeniorDecision,
  requireRole,
  requireText,
  requireUnique,
  requireWithinCeiling,
  stamp,
} from './guards';

export function proposeDesignation(
  command: ProposeDesignation,
  state: DesignationState,
  policy: Policy,
): [DesignationProposed] {
  const { data, metadata } = command;
  if (exists(state)) reject(ErrorCode.AlreadyExists, 'A designation with this id already exists');
  requireRole(metadata.actor, 'official');
  const now = normalizeInstant(metadata.now, 'now');
  const { sunsetAt, exemptions } = requireSoundTerms(data, policy, now);
  requireAttributionMeetsPolicy(policy, data.category, data.attribution);

  return [
    {
      type: 'DesignationProposed',
      data: { ...data, ...stamp(policy, data.designationId), sunsetAt, exemptions, proposedBy: metadata.actor.id, proposedAt: now },
    },
  ];
}

/**
 * What every designation's terms must satisfy, however they reach the service: proposed here
 * (ProposeDesignation) or imported from an official list (ImportDesignation). The attribution
 * threshold is not among them: it is the proposal's own rule (an imported listing was decided
 * under its source's process, and its evidence is the listing itself). Returns the sunset and the
 * standing exemptions in canonical (UTC) form.
 */
export function requireSoundTerms(
  terms: DesignationTerms,
  policy: Policy,
  now: Instant,
): { sunsetAt: Instant; exemptions: ExemptionTerms[] } {
  const sunsetAt = normalizeInstant(terms.sunsetAt, 'sunsetAt');
  if (terms.legalBasis.length === 0) reject(ErrorCode.LegalBasisRequired, 'At least one legal basis is required');
  if (terms.measures.length === 0) reject(ErrorCode.MeasuresRequired, 'At least one measure is required');
  if (terms.reviewingMinistries.length === 0) {
    reject(ErrorCode.ReviewingMinistryRequired, 'At least one reviewing ministry is required');
  }
  requireOneOf(CATEGORIES, terms.category, 'category');
  requireOneOf(TARGET_KINDS, terms.target.kind, 'target.kind');
  requireOneOf(CONFIDENCE_LEVELS, terms.attribution.confidence, 'attribution.confidence');
  requireText(terms.statementOfReasons, 'statementOfReasons');
  requireUnique(terms.measures.map((m) => m.measureId), 'measureId');
  requireUnique(terms.exemptions.map((e) => e.exemptionId), 'exemptionId');
  requireUnique(terms.escalationCriteria.map((c) => String(c.number)), 'escalation criterion number');
  requireUnique(terms.rollbackConditions.map((c) => String(c.number)), 'rollback condition number');
  requireUnique(terms.attribution.evidence.map((e) => e.ref), 'evidence ref');
  requireTargetAllowed(policy, terms.category, terms.target);
  requireWithinCeiling(policy, terms.category, terms.measures);

  if (!isAfter(sunsetAt, now)) reject(ErrorCode.SunsetNotAfterEffect, 'sunsetAt must be in the future');
  if (isAfter(sunsetAt, addDuration(now, policy.maxDuration))) {
    reject(ErrorCode.SunsetBeyondMaxDuration, `sunsetAt is beyond the maximum duration of ${policy.maxDuration}`, {
      maxDuration: policy.maxDuration,
    });
  }
  if (isAfter(addDuration(now, terms.reviewInterval, 1, 'reviewInterval'), addDuration(now, policy.maxReviewInterval))) {
    reject(ErrorCode.ReviewIntervalTooLong, `reviewInterval exceeds ${policy.maxReviewInterval}`, {
      maxReviewInterval: policy.maxReviewInterval,
    });
  }
  const exemptions = terms.exemptions.map((exemption) => requireExemptionTerms(exemption, terms.measures, sunsetAt, now));
  requireHumanitarianSafeguard(policy, terms.measures, exemptions.length, terms.humanitarianWaiver);
  return { sunsetAt, exemptions };
}

export function approveDesignation(
  command: ApproveDesignation,
  state: DesignationState,
  policy: Policy,
): [DesignationIssued] {
  const { data, metadata } = command;
  const designation = requireSeniorDecision(state, metadata.actor, ErrorCode.NotProposed, 'proposed');
  const now = normalizeInstant(metadata.now, 'now');
  const effectiveAt = effectiveFrom(data.effectiveAt, now, policy, designation);
  const { sunsetAt } = designation;

  if (!isAfter(sunsetAt, effectiveAt)) {
    reject(ErrorCode.SunsetNotAfterEffect, 'The sunset has passed or precedes the effective date', { sunsetAt });
  }
  if (isAfter(sunsetAt, addDuration(effectiveAt, policy.maxDuration))) {
    reject(ErrorCode.SunsetBeyondMaxDuration, `sunsetAt is beyond ${policy.maxDuration} from effectiveAt`, {
      sunsetAt,
      effectiveAt,
      maxDuration: policy.maxDuration,
    });
  }
  // A standing exemption that lapsed before the measures bind would expire before the designation took effect.
  const lapsed = designation.exemptions.filter((e) => e.status === 'in_force' && !isAfter(e.validUntil, effectiveAt)).map((e) => e.exemptionId);
  if (lapsed.length > 0) {
    reject(ErrorCode.ExemptionAlreadyEnded, `Standing exemption ${lapsed.join(', ')} ends before the designation would take effect`, {
      exemptionIds: lapsed,
      effectiveAt,
    });
  }
  return [
    {
      type: 'DesignationIssued',
      data: {
        ...stamp(policy, data.designationId),
        approvedBy: metadata.actor.id,
        effectiveAt,
        listingDate: now.slice(0, 10),
        sunsetAt,
        nextReviewDueAt: earliest(addDuration(effectiveAt, designation.reviewInterval), sunsetAt),
        // The target can answer only measures that bind it, so the clock starts when they take effect.
        notificationDueAt: addDuration(effectiveAt, policy.notificationDeadline),
      },
    },
  ];
}
