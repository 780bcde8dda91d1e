import type { Actor, Role } from '../actor';
import { exists, isFinal, type Designation, type DesignationState, type Status } from '../designation.state';
import type { Policy } from '../policy';
import type { Instant, Measure } from '../designation.types';
import { addDuration, isBefore, latest, normalizeInstant } from '../time';
import { ErrorCode, reject } from '../errors';

export function requireRole(actor: Actor, ...allowed: Role[]): void {
  if (!allowed.some((role) => actor.roles.includes(role))) {
    reject(ErrorCode.RoleRequired, `This requires one of the roles: ${allowed.join(', ')}`, { allowed });
  }
}

/** Four-eyes: whoever proposed a designation never approves, escalates, relieves, extends or lifts it. */
export function requireNotProposer(state: Designation, actor: Actor): void {
  if (state.proposedBy === actor.id) {
    reject(ErrorCode.FourEyes, 'The official who proposed this designation cannot take this decision');
  }
}

/** A senior official's decision on a designation someone else proposed. */
export function requireSeniorDecision(
  state: DesignationState,
  actor: Actor,
  code: ErrorCode,
  ...allowed: Status[]
): Designation {
  const designation = requireStatus(state, code, ...allowed);
  requireRole(actor, 'senior_official');
  requireNotProposer(designation, actor);
  return designation;
}

export function requireDesignation(state: DesignationState): Designation {
  return exists(state) ? state : reject(ErrorCode.NotFound, 'No such designation');
}

/** Final designations accept nothing; otherwise the status must be one of `allowed`, or `code` is raised. */
export function requireStatus(state: DesignationState, code: ErrorCode, ...allowed: Status[]): Designation {
  const designation = requireDesignation(state);
  if (allowed.includes(designation.status)) return designation;
  const finalCode = isFinal(designation.status) ? ErrorCode.Final : code;
  return reject(finalCode, `The designation is ${designation.status}; this needs it ${allowed.join(' or ')}`, {
    status: designation.status,
  });
}

/** Controlled vocabularies hold at run time too, whatever the caller's types claimed. */
export function requireOneOf<T extends string>(values: readonly T[], value: unknown, field: string): void {
  if (!(values as readonly unknown[]).includes(value)) {
    reject(ErrorCode.UnknownValue, `${field} must be one of ${values.join(', ')}`, { field });
  }
}

export function requireText(value: string | undefined, what: string): void {
  if (!value || value.trim() === '') reject(ErrorCode.JustificationRequired, `${what} is required`, { field: what });
}

export function requireUnique(ids: string[], what: string): void {
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) reject(ErrorCode.DuplicateId, `Duplicate ${what}: ${duplicate}`, { what, id: duplicate });
}

export function requireWithinCeiling(policy: Policy, category: Designation['category'], measures: Measure[]): void {
  const ceiling = policy.measureCeilings[category];
  const above = measures.filter((m) => !ceiling.includes(m.type)).map((m) => m.type);
  if (above.length > 0) {
    reject(ErrorCode.MeasureAboveCeiling, `${above.join(', ')} exceeds what ${category} allows`, {
      category,
      measureTypes: above,
      ceiling,
    });
  }
}

/** Asset freezes, financial restrictions and export controls must say how humanitarian needs are met. */
export function requireHumanitarianSafeguard(
  policy: Policy,
  measures: Measure[],
  standingExemptions: number,
  waiver: { justification: string } | undefined,
): void {
  const needing = measures.filter((m) => policy.humanitarianSafeguardMeasures.includes(m.type)).map((m) => m.type);
  const waived = waiver !== undefined && waiver.justification.trim() !== '';
  if (needing.length > 0 && standingExemptions === 0 && !waived) {
    reject(
      ErrorCode.HumanitarianSafeguardRequired,
      `${[...new Set(needing)].join(', ')} needs a standing humanitarian exemption or a justified waiver`,
      { measureTypes: needing },
    );
  }
}

/** Every event names its designation and the policy version that shaped it. */
export function stamp(policy: Policy, designationId: string): { designationId: string; policyVersion: string } {
  return { designationId, policyVersion: policy.version };
}

/**
 * Decisions take effect now or later, never retroactively. "Now" is the caller's as well as ours:
 * an `effectiveAt` up to `policy.clockSkewTolerance` before `now` (a clock a little behind, a "now"
 * truncated to the second) is no retroactive decision, and is recorded as given. Nor does one take
 * effect before its designation does (requireEffectWithin); without an `effectiveAt` a decision
 * takes effect now, or when the designation does if that is later.
 */
export function effectiveFrom(requested: Instant | undefined, nowValue: Instant, policy: Policy, designation: Designation): Instant {
  const now = normalizeInstant(nowValue, 'now');
  if (requested === undefined) return effectiveNow(designation, now);
  const effectiveAt = normalizeInstant(requested, 'effectiveAt');
  if (isBefore(effectiveAt, addDuration(now, policy.clockSkewTolerance, -1, 'clockSkewTolerance'))) {
    reject(ErrorCode.RetroactiveEffect, `A decision cannot take effect in the past (more than ${policy.clockSkewTolerance} before now)`, {
      effectiveAt,
      now,
      clockSkewTolerance: policy.clockSkewTolerance,
    });
  }
  requireEffectWithin(designation, effectiveAt);
  return effectiveAt;
}

/**
 * The earliest instant anything may take effect on a designation: once issued, when it took (or
 * takes) effect; before that, its proposal (unknown for proposals recorded before they carried
 * `proposedAt`). A state the designation never had is never in force: a suspension, a lift or an
 * escalation effective before the designation was are refused, not recorded.
 */
function earliestEffect(designation: Designation): { at: Instant; code: ErrorCode; what: string } | undefined {
  if (designation.effectiveAt) return { at: designation.effectiveAt, code: ErrorCode.EffectBeforeIssue, what: 'the designation takes effect' };
  if (designation.proposedAt) return { at: designation.proposedAt, code: ErrorCode.EffectBeforeProposal, what: 'the designation was proposed' };
  return undefined;
}

export function requireEffectWithin(designation: Designation, effectiveAt: Instant): void {
  const floor = earliestEffect(designation);
  if (floor && isBefore(effectiveAt, floor.at)) {
    reject(floor.code, `effectiveAt ${effectiveAt} is before ${floor.what} (${floor.at})`, { effectiveAt, notBefore: floor.at });
  }
}

/** When a decision without an effective time of its own takes effect: now, or when the designation does if that is later. */
export function effectiveNow(designation: Designation, now: Instant): Instant {
  const floor = earliestEffect(designation);
  return floor ? latest(now, floor.at) : now;
}
