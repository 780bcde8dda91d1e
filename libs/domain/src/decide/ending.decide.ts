import type { ExpireDesignation, ExtendSunset, LiftDesignation } from '../designation.commands';
import type { DesignationExpired, DesignationLifted, ExemptionExpired, SunsetExtended } from '../designation.events';
import { isFinal, type DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { addDuration, isAfter, isBefore, normalizeInstant } from '../time';
import { HUMAN_LIFT_REASONS } from '../designation.types';
import { effectiveFrom, requireDesignation, requireOneOf, requireRole, requireSeniorDecision, requireText, stamp } from './guards';

/** A sunset moves only after a recent review found reason to keep the measures. */
export function extendSunset(command: ExtendSunset, state: DesignationState, policy: Policy): [SunsetExtended] {
  const { data, metadata } = command;
  const designation = requireSeniorDecision(state, metadata.actor, ErrorCode.NotActive, 'active');
  requireText(data.justification, 'justification');
  const now = normalizeInstant(metadata.now, 'now');
  const review = designation.lastReview;
  const windowStart = addDuration(now, policy.extensionReviewWindow, -1);
  if (!review || review.outcome === 'lift' || isBefore(review.completedAt, windowStart)) {
    reject(ErrorCode.RecentReviewRequired, `Extension needs a review within ${policy.extensionReviewWindow} not concluding to lift`, {
      extensionReviewWindow: policy.extensionReviewWindow,
      lastReview: review ?? null,
    });
  }
  const sunsetAt = normalizeInstant(data.sunsetAt, 'sunsetAt');
  if (!isAfter(sunsetAt, designation.sunsetAt)) {
    reject(ErrorCode.SunsetNotLater, 'The new sunset must be later than the current one', { sunsetAt: designation.sunsetAt });
  }
  if (isAfter(sunsetAt, addDuration(now, policy.maxDuration))) {
    reject(ErrorCode.SunsetBeyondMaxDuration, `The new sunset is beyond ${policy.maxDuration} from now`, {
      maxDuration: policy.maxDuration,
    });
  }
  return [
    {
      type: 'SunsetExtended',
      data: {
        ...stamp(policy, data.designationId),
        previousSunsetAt: designation.sunsetAt,
        sunsetAt,
        justification: data.justification,
        reviewCompletedAt: review.completedAt,
      },
    },
  ];
}

export function liftDesignation(command: LiftDesignation, state: DesignationState, policy: Policy): [DesignationLifted] {
  const { data, metadata } = command;
  const designation = requireSeniorDecision(state, metadata.actor, ErrorCode.NotInForce, 'active', 'suspended');
  // `delisted_at_source` comes with the release that delisted the entry: only RecordDelistingAtSource records it.
  requireOneOf(HUMAN_LIFT_REASONS, data.reason, 'reason');
  requireText(data.justification, 'justification');
  return [
    {
      type: 'DesignationLifted',
      data: {
        ...stamp(policy, data.designationId),
        reason: data.reason,
        justification: data.justification,
        effectiveAt: effectiveFrom(data.effectiveAt, metadata.now, policy, designation),
        liftedBy: metadata.actor.id,
      },
    },
  ];
}

/** System command: ends a designation at its sunset; does nothing before it (it may have been extended) or once final. */
export function expireDesignation(command: ExpireDesignation, state: DesignationState, policy: Policy): Array<ExemptionExpired | DesignationExpired> {
  const { data, metadata } = command;
  requireRole(metadata.actor, 'system');
  const designation = requireDesignation(state);
  if (isFinal(designation.status) || designation.status === 'proposed') return [];
  const now = normalizeInstant(metadata.now, 'now');
  if (isBefore(now, designation.sunsetAt)) return [];
  const { sunsetAt } = designation;
  // An exemption never outlives its designation (validUntil <= sunsetAt). One whose own expiry has
  // not been recorded yet (its job queued behind the sunset's, or re-added in another order after
  // Redis was rebuilt) lapses here, effective at its validUntil: once the designation is final no
  // command may touch it, and the exemption would otherwise stay in force for ever.
  const lapsed: ExemptionExpired[] = designation.exemptions
    .filter((exemption) => exemption.status === 'in_force' && !isBefore(now, exemption.validUntil))
    .map((exemption) => ({
      type: 'ExemptionExpired',
      data: { ...stamp(policy, data.designationId), exemptionId: exemption.exemptionId, effectiveAt: exemption.validUntil },
    }));
  return [...lapsed, { type: 'DesignationExpired', data: { ...stamp(policy, data.designationId), sunsetAt, effectiveAt: sunsetAt } }];
}
