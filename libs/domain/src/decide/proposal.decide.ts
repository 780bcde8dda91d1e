import type { ApproveDesignation, ProposeDesignation } from '../designation.commands';
import type { DesignationIssued, DesignationProposed } from '../designation.events';
import { CATEGORIES, CONFIDENCE_LEVELS, TARGET_KINDS } from '../designation.types';
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
  const sunsetAt = normalizeInstant(data.sunsetAt, 'sunsetAt');

  if (data.legalBasis.length === 0) reject(ErrorCode.LegalBasisRequired, 'At least one legal basis is required');
  if (data.measures.length === 0) reject(ErrorCode.MeasuresRequired, 'At least one measure is required');
  if (data.reviewingMinistries.length === 0) {
    reject(ErrorCode.ReviewingMinistryRequired, 'At least one reviewing ministry is required');
  }
  requireOneOf(CATEGORIES, data.category, 'category');
  requireOneOf(TARGET_KINDS, data.target.kind, 'target.kind');
  requireOneOf(CONFIDENCE_LEVELS, data.attribution.confidence, 'attribution.confidence');
  requireText(data.statementOfReasons, 'statementOfReasons');
  requireUnique(data.measures.map((m) => m.measureId), 'measureId');
  requireUnique(data.exemptions.map((e) => e.exemptionId), 'exemptionId');
  requireUnique(data.escalationCriteria.map((c) => String(c.number)), 'escalation criterion number');
  requireUnique(data.rollbackConditions.map((c) => String(c.number)), 'rollback condition number');
  requireTargetAllowed(policy, data.category, data.target);
  requireWithinCeiling(policy, data.category, data.measures);
  requireAttributionMeetsPolicy(policy, data.category, data.attribution);

  if (!isAfter(sunsetAt, now)) reject(ErrorCode.SunsetNotAfterEffect, 'sunsetAt must be in the future');
  if (isAfter(sunsetAt, addDuration(now, policy.maxDuration))) {
    reject(ErrorCode.SunsetBeyondMaxDuration, `sunsetAt is beyond the maximum duration of ${policy.maxDuration}`, {
      maxDuration: policy.maxDuration,
    });
  }
  if (isAfter(addDuration(now, data.reviewInterval, 1, 'reviewInterval'), addDuration(now, policy.maxReviewInterval))) {
    reject(ErrorCode.ReviewIntervalTooLong, `reviewInterval exceeds ${policy.maxReviewInterval}`, {
      maxReviewInterval: policy.maxReviewInterval,
    });
  }
  const exemptions = data.exemptions.map((terms) => requireExemptionTerms(terms, data.measures, sunsetAt, now));
  requireHumanitarianSafeguard(policy, data.measures, exemptions.length, data.humanitarianWaiver);

  return [
    {
      type: 'DesignationProposed',
      data: { ...data, ...stamp(policy, data.designationId), sunsetAt, exemptions, proposedBy: metadata.actor.id, proposedAt: now },
    },
  ];
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
