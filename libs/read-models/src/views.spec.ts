import { evolve, initialState, type Designation, type DesignationEvent } from '@app/domain';
import {
  amendAtSource,
  approve,
  delistAtSource,
  eventsOf,
  importDesignation,
  imported,
  issued,
  partnerChange,
  propose,
  provenance,
  RELEASE_2026,
  RELEASE_2027,
  T0,
  T1,
} from '../../domain/testing/fixtures';
import { normalizeFacetValue } from './read-model.keys';
import { facetValues } from './read-model.writer';
import { publicChange, publicEntryOf, referencesOf, sourceSummaryOf, summaryOf, type DesignationDoc } from './views';

const docOf = (events: DesignationEvent[], updatedAt = T1): DesignationDoc => ({
  designation: events.reduce(evolve, initialState()) as Designation,
  revision: events.length - 1,
  position: 100 + events.length,
  proposedAt: T0,
  updatedAt,
});

const OFAC_36 = { list: 'own-ofac-sdn-csv', source: 'ofac', sourceId: '36', listedOn: '2019-09-13', releaseHash: RELEASE_2026, releaseDate: '2026-01-02' };

describe('the source of an imported designation', () => {
  it('is in the consolidated list and on the public register: the public facts of the list, not who prepared the batch', () => {
    const doc = docOf(imported());
    expect(summaryOf(doc).source).toEqual(OFAC_36);
    expect(publicEntryOf(doc)?.source).toEqual(OFAC_36);
    expect(JSON.stringify(publicEntryOf(doc))).not.toContain(provenance().preparedBy);
    expect(JSON.stringify(publicEntryOf(doc))).not.toContain(provenance().batchId);
  });

  it('leaves out a listing date the source does not give', () => {
    expect(sourceSummaryOf({ ...provenance(), listedOn: undefined })).not.toHaveProperty('listedOn');
    expect(sourceSummaryOf(undefined)).toBeUndefined();
  });

  it('is absent, not empty, for a designation proposed here', () => {
    const doc = docOf(issued());
    expect(summaryOf(doc)).not.toHaveProperty('source');
    expect(publicEntryOf(doc)).not.toHaveProperty('source');
  });

  it('follows an amendment at the source to its release, as a public change (MOD)', () => {
    const before = publicEntryOf(docOf(imported()));
    const after = publicEntryOf(docOf(eventsOf(importDesignation(), amendAtSource())));
    expect(after?.source).toEqual({ ...OFAC_36, releaseHash: RELEASE_2027, releaseDate: '2027-01-04' });
    expect(publicChange(before, after, 7, T1)).toMatchObject({ op: 'MOD', position: 7 });
  });
});

describe('the public change feed', () => {
  it('an import enters the register (ADD), in force at once', () => {
    const [proposal] = imported();
    const change = publicChange(publicEntryOf(docOf([proposal])), publicEntryOf(docOf(imported())), 3, T0);
    expect(change).toMatchObject({ op: 'ADD', entry: { status: 'active', listingDate: '2019-09-13', source: OFAC_36 } });
  });

  it('a delisting at the source removes the entry (DEL), as any lift does', () => {
    const events = eventsOf(importDesignation(), delistAtSource());
    const change = publicChange(publicEntryOf(docOf(events.slice(0, -1))), publicEntryOf(docOf(events)), 9, T1);
    expect(change).toEqual({ position: 9, op: 'DEL', id: events[0].data.designationId, at: T1 });
  });

  it('a partner listing change, and the reminder it sends, change nothing the public sees', () => {
    const events = eventsOf(importDesignation(), partnerChange());
    expect(events.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'PartnerListingChanged', 'ReviewReminderIssued']);
    const before = publicEntryOf(docOf(events.slice(0, 2), T0));
    expect(publicChange(before, publicEntryOf(docOf(events.slice(0, 3))), 10, T1)).toBeUndefined();
    expect(publicChange(before, publicEntryOf(docOf(events)), 11, T1)).toBeUndefined();
  });
});

describe('the reference facet', () => {
  it('holds the cross-list references and, for an imported designation, <source>:<sourceId>', () => {
    expect(facetValues(summaryOf(docOf(imported()))).reference).toEqual(['QDi.413', 'ofac:36']);
  });

  it('holds only the cross-list references of a designation proposed here, and nothing without any', () => {
    const coalition = { coordination: 'joint' as const, partners: ['UN'], crossListReferences: ['QDi.413', 'EU.2026.82', 'QDi.413', ' '] };
    expect(facetValues(summaryOf(docOf(eventsOf(propose({ coalition }), approve())))).reference).toEqual(['QDi.413', 'EU.2026.82']);
    expect(facetValues(summaryOf(docOf(issued()))).reference).toEqual([]);
  });

  it('compares as every facet does: trimmed, case-insensitive', () => {
    const values = referencesOf(summaryOf(docOf(imported()))).map(normalizeFacetValue);
    expect(values).toContain(normalizeFacetValue('  qdi.413 '));
    expect(values).toContain(normalizeFacetValue('OFAC:36'));
  });

  it('summarises the cross-list references in the consolidated list', () => {
    expect(summaryOf(docOf(imported())).crossListReferences).toEqual(['QDi.413']);
  });
});
