import type { AmendDesignation, RecordCourtOrder } from '../designation.commands';
import type { DesignationAmended, DesignationEvent } from '../designation.events';
import type { Designation, DesignationState } from '../designation.state';
import { TARGET_KINDS, type Target } from '../designation.types';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import { normalizeInstant } from '../time';
import { requireTargetAllowed } from './attribution.rules';
import { requireEffectWithin, requireNotProposer, requireOneOf, requireRole, requireStatus, requireText, stamp } from './guards';

/** A court's interim order suspends; an annulment lifts; upholding reinstates a suspended designation. */
export function recordCourtOrder(command: RecordCourtOrder, state: DesignationState, policy: Policy): DesignationEvent[] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.NotInForce, 'active', 'suspended');
  requireRole(metadata.actor, 'court');
  requireNotProposer(designation, metadata.actor);
  if (designation.courtOrderIds.includes(data.orderId)) {
    reject(ErrorCode.DuplicateId, `Court order ${data.orderId} is already recorded`, { orderId: data.orderId });
  }
  requireText(data.court, 'court');
  requireText(data.reference, 'reference');
  requireText(data.summary, 'summary');
  if (data.decision === 'suspend' && designation.status === 'suspended') {
    reject(ErrorCode.AlreadySuspended, 'The designation is already suspended');
  }
  const base = stamp(policy, data.designationId);
  // A court may order with effect from before the order is recorded, but not before the designation took effect.
  const effectiveAt = normalizeInstant(data.effectiveAt, 'effectiveAt');
  requireEffectWithin(designation, effectiveAt);
  const { orderId, court, decision, reference, summary } = data;
  const recorded: DesignationEvent = {
    type: 'CourtOrderRecorded',
    data: { ...base, orderId, court, decision, reference, summary, effectiveAt },
  };
  switch (decision) {
    case 'suspend':
      return [recorded, { type: 'DesignationSuspended', data: { ...base, courtOrderId: orderId, effectiveAt } }];
    case 'annul':
      return [
        recorded,
        {
          type: 'DesignationLifted',
          data: { ...base, reason: 'court_order', justification: summary, effectiveAt, liftedBy: metadata.actor.id, courtOrderId: orderId },
        },
      ];
    case 'uphold':
      return designation.status === 'suspended'
        ? [recorded, { type: 'DesignationReinstated', data: { ...base, courtOrderId: orderId, effectiveAt } }]
        : [recorded];
    default:
      return reject(ErrorCode.UnknownValue, `Unknown court decision ${String(decision satisfies never)}`);
  }
}

const AMENDABLE_TARGET_FIELDS = ['kind', 'name', 'aliases', 'country', 'identifiers'] as const;

/**
 * The target fields a correction may change, checked: a kind from the vocabulary that the
 * designation's category allows. Undefined when it changes none. Shared with amendments at the
 * source (sources.decide.ts).
 */
export function targetCorrection(requested: Partial<Target> | undefined, designation: Designation, policy: Policy): Partial<Target> | undefined {
  const target: Partial<Target> = {};
  for (const field of AMENDABLE_TARGET_FIELDS) {
    if (requested?.[field] !== undefined) Object.assign(target, { [field]: requested[field] });
  }
  if (target.kind !== undefined) requireOneOf(TARGET_KINDS, target.kind, 'target.kind');
  if (target.kind) requireTargetAllowed(policy, designation.category, target as Pick<Target, 'kind'>);
  return Object.keys(target).length > 0 ? target : undefined;
}

/** Corrections of the target's details or the statement of reasons. Measures change only by escalation or rollback. */
export function amendDesignation(command: AmendDesignation, state: DesignationState, policy: Policy): [DesignationAmended] {
  const { data, metadata } = command;
  const designation = requireStatus(state, ErrorCode.Final, 'proposed', 'active', 'suspended');
  requireRole(metadata.actor, 'official', 'senior_official');
  requireText(data.justification, 'justification');
  const target = targetCorrection(data.target, designation, policy);
  const changesTarget = target !== undefined;
  if (!changesTarget && data.statementOfReasons === undefined) {
    reject(ErrorCode.NothingToAmend, 'An amendment must change the target or the statement of reasons');
  }
  if (data.statementOfReasons !== undefined) requireText(data.statementOfReasons, 'statementOfReasons');
  return [
    {
      type: 'DesignationAmended',
      data: {
        ...stamp(policy, data.designationId),
        ...(changesTarget ? { target } : {}),
        ...(data.statementOfReasons === undefined ? {} : { statementOfReasons: data.statementOfReasons }),
        justification: data.justification,
      },
    },
  ];
}
