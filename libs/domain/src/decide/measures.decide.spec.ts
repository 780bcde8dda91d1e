import type { Measure } from '../designation.types';
import { ErrorCode } from '../errors';
import {
  approve,
  at,
  command,
  DESIGNATION_ID,
  eventsOf,
  issued,
  official,
  POLICY,
  propose,
  proposed,
  senior,
  seniorProposer,
  suspended,
  T0,
  T1,
  terms,
} from '../../testing/fixtures';
import { given, itNeedsALiveDesignation } from '../../testing/given';

const stamp = { designationId: DESIGNATION_ID, policyVersion: POLICY.version };
const exportControl: Measure = { measureId: 'm-export', type: 'export_control', capabilities: ['tooling'], description: 'Dual-use export ban' };
const blacklist: Measure = { measureId: 'm-list', type: 'information_blacklist', capabilities: [], description: 'Domain blacklist' };

type EscalateData = Parameters<typeof command<'EscalateMeasures'>>[1];
const escalate = (data: Partial<EscalateData> = {}, actor = senior, now = T1) =>
  command('EscalateMeasures', { criteriaMet: [1], justification: 'Renewed intrusions', measures: [exportControl], ...data }, actor, now);

type RollBackData = Parameters<typeof command<'RollBackMeasures'>>[1];
const rollBack = (data: Partial<RollBackData> = {}, actor = senior, now = T1) =>
  command('RollBackMeasures', { conditionsMet: [2], justification: 'Cooperation shown', measureIds: ['m-travel'], ...data }, actor, now);

const issuedAsCrime = () => {
  const [evidence] = terms().attribution.evidence;
  return eventsOf(
    propose({ category: 'cyber_crime', attribution: { confidence: 'moderate', evidence: [evidence] } }),
    approve(),
  );
};

describe('EscalateMeasures', () => {
  it('adds measures citing a stated criterion', () => {
    given(issued())
      .when(escalate())
      .then([
        {
          type: 'MeasuresEscalated',
          data: { ...stamp, criteriaMet: [1], justification: 'Renewed intrusions', measures: [exportControl], effectiveAt: T1 },
        },
      ]);
  });

  it('needs an active designation', () => {
    given(proposed()).when(escalate()).thenThrows(ErrorCode.NotActive);
  });

  it('needs an active designation, not a suspended one', () => {
    given(suspended()).when(escalate()).thenThrows(ErrorCode.NotActive);
  });

  itNeedsALiveDesignation(() => escalate());

  it('takes effect at a later effectiveAt', () => {
    given(issued())
      .when(escalate({ effectiveAt: at('P7D') }))
      .then(([event]) => expect(event.data).toMatchObject({ effectiveAt: at('P7D'), measures: [exportControl] }));
  });

  it('refuses a retroactive effective date', () => {
    given(issued()).when(escalate({ effectiveAt: T0 })).thenThrows(ErrorCode.RetroactiveEffect);
  });

  it('refuses the same new measure id twice', () => {
    given(issued()).when(escalate({ measures: [exportControl, exportControl] })).thenThrows(ErrorCode.DuplicateId);
  });

  it('needs a senior official', () => {
    given(issued()).when(escalate({}, official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses the proposer (four eyes)', () => {
    given(eventsOf(propose({}, seniorProposer), approve())).when(escalate({}, seniorProposer)).thenThrows(ErrorCode.FourEyes);
  });

  it('must cite at least one criterion', () => {
    given(issued()).when(escalate({ criteriaMet: [] })).thenThrows(ErrorCode.CriterionRequired);
  });

  it('must cite criteria stated up front', () => {
    given(issued()).when(escalate({ criteriaMet: [7] })).thenThrows(ErrorCode.UnknownCriterion);
  });

  it('needs a justification', () => {
    given(issued()).when(escalate({ justification: '' })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('must add a measure', () => {
    given(issued()).when(escalate({ measures: [] })).thenThrows(ErrorCode.MeasuresRequired);
  });

  it('refuses a measure id already in use', () => {
    given(issued()).when(escalate({ measures: [{ ...exportControl, measureId: 'm-freeze' }] })).thenThrows(ErrorCode.DuplicateId);
  });

  it('stays within the category ceiling', () => {
    given(issuedAsCrime()).when(escalate()).thenThrows(ErrorCode.MeasureAboveCeiling);
  });

  it('accepts a measure the ceiling allows', () => {
    given(issuedAsCrime()).when(escalate({ measures: [blacklist] })).then((events) => expect(events).toHaveLength(1));
  });

  it('needs a humanitarian safeguard when it adds a freeze to a designation without one', () => {
    const history = eventsOf(
      propose({ measures: [terms().measures[1]], exemptions: [] }),
      approve(),
    );
    const freeze = { ...terms().measures[0], measureId: 'm-freeze-2' };
    given(history).when(escalate({ measures: [freeze] })).thenThrows(ErrorCode.HumanitarianSafeguardRequired);
    given(history)
      .when(escalate({ measures: [freeze], humanitarianWaiver: { justification: 'Frozen funds are state funds only' } }))
      .then(([event]) => expect(event.data).toMatchObject({ humanitarianWaiver: { justification: 'Frozen funds are state funds only' } }));
  });
});

describe('RollBackMeasures', () => {
  it('removes measures citing a stated rollback condition', () => {
    given(issued())
      .when(rollBack())
      .then([
        {
          type: 'MeasuresRolledBack',
          data: { ...stamp, conditionsMet: [2], justification: 'Cooperation shown', measureIds: ['m-travel'], effectiveAt: T1 },
        },
      ]);
  });

  it('needs an active designation', () => {
    given(proposed()).when(rollBack()).thenThrows(ErrorCode.NotActive);
  });

  it('needs an active designation, not a suspended one', () => {
    given(suspended()).when(rollBack()).thenThrows(ErrorCode.NotActive);
  });

  itNeedsALiveDesignation(() => rollBack());

  it('needs a senior official', () => {
    given(issued()).when(rollBack({}, official)).thenThrows(ErrorCode.RoleRequired);
  });

  it('refuses the proposer (four eyes)', () => {
    given(eventsOf(propose({}, seniorProposer), approve())).when(rollBack({}, seniorProposer)).thenThrows(ErrorCode.FourEyes);
  });

  it('must cite at least one condition', () => {
    given(issued()).when(rollBack({ conditionsMet: [] })).thenThrows(ErrorCode.ConditionRequired);
  });

  it('must cite conditions stated up front', () => {
    given(issued()).when(rollBack({ conditionsMet: [5] })).thenThrows(ErrorCode.UnknownCondition);
  });

  it('needs a justification', () => {
    given(issued()).when(rollBack({ justification: ' ' })).thenThrows(ErrorCode.JustificationRequired);
  });

  it('must name a measure', () => {
    given(issued()).when(rollBack({ measureIds: [] })).thenThrows(ErrorCode.MeasuresRequired);
  });

  it('refuses a measure named twice', () => {
    given(issued()).when(rollBack({ measureIds: ['m-travel', 'm-travel'] })).thenThrows(ErrorCode.DuplicateId);
  });

  it('refuses an unknown measure', () => {
    given(issued()).when(rollBack({ measureIds: ['m-none'] })).thenThrows(ErrorCode.UnknownMeasure);
  });

  it('refuses to remove every measure (that is lifting)', () => {
    given(issued()).when(rollBack({ measureIds: ['m-travel', 'm-freeze'] })).thenThrows(ErrorCode.WouldRemoveAllMeasures);
  });

  it('refuses a retroactive effective date', () => {
    given(issued()).when(rollBack({ effectiveAt: T0 })).thenThrows(ErrorCode.RetroactiveEffect);
  });

  it('may remove all but one measure, including one added by escalation', () => {
    given(eventsOf(propose(), approve(), escalate()))
      .when(rollBack({ measureIds: ['m-travel', 'm-export'] }))
      .then(([event]) => expect(event.data).toMatchObject({ measureIds: ['m-travel', 'm-export'] }));
  });
});
