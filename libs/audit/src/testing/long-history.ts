import type { DesignationCommand } from '@app/domain';
import { approve, at, before, command, propose, review, senior, system } from '../../../domain/testing/fixtures';

/** When the long history's bundle is generated: a day after its last decision. */
export const LONG_HISTORY_NOW = at('P36M1D');

/**
 * Three years of a designation in force, with its sunset extended twice and now far away (T0 + 6
 * years): six reviews, an escalation, a rollback and a reminder. What a timeline drawn to the
 * sunset would squeeze into its first half.
 */
export function longHistoryCommands(): DesignationCommand[] {
  const exportControl = { measureId: 'm-export', type: 'export_control' as const, capabilities: ['tooling'], description: 'Dual-use export ban' };
  return [
    propose({}, undefined, before('P14D')),
    approve(senior, at('PT0S')),
    review({ nextReviewDueAt: at('P11M') }, at('P5M')),
    command('EscalateMeasures', { criteriaMet: [1], justification: 'Renewed intrusions', measures: [exportControl] }, senior, at('P7M')),
    command('IssueReviewReminder', { reviewDueAt: at('P11M') }, system, before('P30D', at('P11M'))),
    review({ nextReviewDueAt: at('P17M') }, at('P11M')),
    review({ nextReviewDueAt: at('P23M') }, at('P17M')),
    command('ExtendSunset', { sunsetAt: at('P4Y6M'), justification: 'Threat persists' }, senior, at('P18M')),
    review({ nextReviewDueAt: at('P29M') }, at('P23M')),
    command('RollBackMeasures', { conditionsMet: [2], justification: 'Cooperation shown', measureIds: ['m-travel'] }, senior, at('P25M')),
    review({ nextReviewDueAt: at('P35M') }, at('P29M')),
    review({ nextReviewDueAt: at('P41M') }, at('P35M')),
    command('ExtendSunset', { sunsetAt: at('P6Y'), justification: 'Threat persists' }, senior, at('P36M')),
  ];
}
