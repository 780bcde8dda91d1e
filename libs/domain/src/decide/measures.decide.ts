import type { EscalateMeasures, RollBackMeasures } from '../designation.commands';
import type { MeasuresEscalated, MeasuresRolledBack } from '../designation.events';
import type { DesignationState } from '../designation.state';
import type { Condition } from '../designation.types';
import { ErrorCode, reject } from '../errors';
import type { Policy } from '../policy';
import {
  effectiveFrom,
  requireHumanitarianSafeguard,
  requireSeniorDecision,
  requireText,
  requireUnique,
  requireWithinCeiling,
  stamp,
} from './guards';

export function escalateMeasures(command: EscalateMeasures, state: DesignationState, policy: Policy): [MeasuresEscalated] {
  const { data, metadata } = command;
  const designation = requireSeniorDecision(state, metadata.actor, ErrorCode.NotActive, 'active');
  requireCitedConditions(data.criteriaMet, designation.escalationCriteria, ErrorCode.CriterionRequired, ErrorCode.UnknownCriterion);
  requireText(data.justification, 'justification');
  if (data.measures.length === 0) reject(ErrorCode.MeasuresRequired, 'An escalation adds at least one measure');
  requireUnique([...designation.measures, ...data.measures].map((m) => m.measureId), 'measureId');
  requireWithinCeiling(policy, designation.category, data.measures);
  const measures = [...designation.measures, ...data.measures];
  const standing = designation.exemptions.filter((e) => e.status === 'in_force').length;
  requireHumanitarianSafeguard(policy, measures, standing, data.humanitarianWaiver ?? designation.humanitarianWaiver);
  return [
    {
      type: 'MeasuresEscalated',
      data: {
        ...stamp(policy, data.designationId),
        criteriaMet: data.criteriaMet,
        justification: data.justification,
        measures: data.measures,
        effectiveAt: effectiveFrom(data.effectiveAt, metadata.now, policy, designation),
        ...(data.humanitarianWaiver ? { humanitarianWaiver: data.humanitarianWaiver } : {}),
      },
    },
  ];
}

/** Partial relief. Removing every measure would be lifting, which has its own decision. */
export function rollBackMeasures(command: RollBackMeasures, state: DesignationState, policy: Policy): [MeasuresRolledBack] {
  const { data, metadata } = command;
  const designation = requireSeniorDecision(state, metadata.actor, ErrorCode.NotActive, 'active');
  requireCitedConditions(data.conditionsMet, designation.rollbackConditions, ErrorCode.ConditionRequired, ErrorCode.UnknownCondition);
  requireText(data.justification, 'justification');
  if (data.measureIds.length === 0) reject(ErrorCode.MeasuresRequired, 'A rollback names at least one measure');
  requireUnique(data.measureIds, 'measureId');
  const unknown = data.measureIds.filter((id) => !designation.measures.some((m) => m.measureId === id));
  if (unknown.length > 0) reject(ErrorCode.UnknownMeasure, `No such measure: ${unknown.join(', ')}`, { measureIds: unknown });
  if (data.measureIds.length >= designation.measures.length) {
    reject(ErrorCode.WouldRemoveAllMeasures, 'At least one measure must remain; removing all is lifting');
  }
  return [
    {
      type: 'MeasuresRolledBack',
      data: {
        ...stamp(policy, data.designationId),
        conditionsMet: data.conditionsMet,
        justification: data.justification,
        measureIds: data.measureIds,
        effectiveAt: effectiveFrom(data.effectiveAt, metadata.now, policy, designation),
      },
    },
  ];
}

function requireCitedConditions(
  cited: number[],
  stated: Condition[],
  missingCode: ErrorCode,
  unknownCode: ErrorCode,
): void {
  if (cited.length === 0) reject(missingCode, 'Cite at least one of the conditions stated up front');
  const unknown = cited.filter((n) => !stated.some((c) => c.number === n));
  if (unknown.length > 0) reject(unknownCode, `No such condition: ${unknown.join(', ')}`, { numbers: unknown });
}
