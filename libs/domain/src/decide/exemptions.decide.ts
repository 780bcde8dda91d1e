import type { ExpireExemption, GrantExemption, RevokeExemption } from '../designation.commands';
import type { ExemptionExpired, ExemptionGranted, ExemptionRevoked } from '../designation.events';
import { isFinal, type Designation, type DesignationState } from '../designation.state';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { isBefore, normalizeInstant } from '../time';
import { requireExemptionTerms } from './exemption.rules';
import { effectiveNow, requireDesignation, requireHumanitarianSafeguard, requireRole, requireStatus, requireText, stamp } from './guards';

export function grantExemption(command: GrantExemption, state: DesignationState, policy: Policy): [ExemptionGranted] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.NotActive, 'active');
  requireRole(metadata.actor, 'official', 'senior_official');
  if (designation.exemptions.some((e) => e.exemptionId === data.exemptionId)) {
    reject(ErrorCode.DuplicateId, `Exemption ${data.exemptionId} already exists`, { exemptionId: data.exemptionId });
  }
  const effectiveAt = effectiveNow(designation, normalizeInstant(metadata.now, 'now'));
  const { designationId: _id, justification, ...terms } = data;
  const granted = requireExemptionTerms(terms, designation.measures, designation.sunsetAt, effectiveAt);
  return [
    {
      type: 'ExemptionGranted',
      data: {
        ...stamp(policy, data.designationId),
        ...granted,
        effectiveAt,
        ...(justification === undefined ? {} : { justification }),
      },
    },
  ];
}

export function revokeExemption(command: RevokeExemption, state: DesignationState, policy: Policy): [ExemptionRevoked] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.NotInForce, 'active', 'suspended');
  requireRole(metadata.actor, 'official', 'senior_official');
  requireText(data.reason, 'reason');
  const exemption = findExemption(designation, data.exemptionId);
  if (exemption.status !== 'in_force') {
    reject(ErrorCode.ExemptionNotInForce, `Exemption ${data.exemptionId} is ${exemption.status}`, {
      status: exemption.status,
    });
  }
  const remaining = designation.exemptions.filter((e) => e.status === 'in_force' && e !== exemption).length;
  requireHumanitarianSafeguard(policy, designation.measures, remaining, designation.humanitarianWaiver);
  return [
    {
      type: 'ExemptionRevoked',
      data: {
        ...stamp(policy, data.designationId),
        exemptionId: data.exemptionId,
        reason: data.reason,
        effectiveAt: effectiveNow(designation, normalizeInstant(metadata.now, 'now')),
      },
    },
  ];
}

/** System command: expires an exemption once its `validUntil` has passed; otherwise does nothing. */
export function expireExemption(command: ExpireExemption, state: DesignationState, policy: Policy): ExemptionExpired[] {
  const { data, metadata } = command;
  requireRole(metadata.actor, 'system');
  const designation = requireDesignation(state);
  if (isFinal(designation.status) || designation.status === 'proposed') return [];
  const exemption = findExemption(designation, data.exemptionId);
  if (exemption.status !== 'in_force' || isBefore(normalizeInstant(metadata.now, 'now'), exemption.validUntil)) {
    return [];
  }
  return [
    {
      type: 'ExemptionExpired',
      data: { ...stamp(policy, data.designationId), exemptionId: data.exemptionId, effectiveAt: exemption.validUntil },
    },
  ];
}

function findExemption(designation: Designation, exemptionId: string) {
  return (
    designation.exemptions.find((e) => e.exemptionId === exemptionId) ??
    reject(ErrorCode.ExemptionNotFound, `No exemption ${exemptionId}`, { exemptionId })
  );
}
