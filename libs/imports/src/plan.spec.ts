import { HASH_1, HASH_2, importTerms, listing, mapping, release } from '../testing/listings';
import { batchIdOf, entryCommandId, importedDesignationId, planBatch } from './plan';

const LIST = 'own-ofac-xml';

describe('planBatch', () => {
  describe('a first import (no previous release)', () => {
    const next = release(HASH_1, [listing('1'), listing('2', { programs: ['IRAN'] }), listing('3', { programs: ['SDGT', 'CYBER2'] })]);

    it('adds every in-scope listing, in release order, and counts the rest as out of scope', () => {
      const plan = planBatch(LIST, undefined, next, mapping());
      expect(plan.entries).toEqual([
        { action: 'add', sourceId: '1', name: 'Entry 1', programs: ['CYBER2'], references: ['ofac:1'], designationId: importedDesignationId(LIST, '1') },
        { action: 'add', sourceId: '3', name: 'Entry 3', programs: ['SDGT', 'CYBER2'], references: ['ofac:3'], designationId: importedDesignationId(LIST, '3') },
      ]);
      expect(plan.counts).toEqual({ added: 2, removed: 0, amended: 0, unchanged: 0, outOfScope: 1 });
    });

    it('adds nothing when no program is mapped', () => {
      const plan = planBatch(LIST, undefined, next, { programs: [] });
      expect(plan.entries).toEqual([]);
      expect(plan.counts).toEqual({ added: 0, removed: 0, amended: 0, unchanged: 0, outOfScope: 3 });
    });
  });

  describe('between two releases', () => {
    const previous = release(HASH_1, [listing('1'), listing('2'), listing('3'), listing('9', { programs: ['IRAN'] })]);

    it('adds the new, amends the changed and lifts the removed, in that order, with the counts', () => {
      const next = release(
        HASH_2,
        [listing('3'), listing('2', { remarks: 'Now with remarks' }), listing('4'), listing('10', { programs: ['IRAN'] })],
        { releaseDate: '2026-02-01' },
      );
      const plan = planBatch(LIST, previous, next, mapping());
      expect(plan.entries.map((e) => [e.action, e.sourceId])).toEqual([
        ['add', '4'],
        ['amend', '2'],
        ['lift', '1'],
      ]);
      expect(plan.counts).toEqual({ added: 1, removed: 1, amended: 1, unchanged: 1, outOfScope: 1 });
      expect(plan.entries[1]).toEqual({
        action: 'amend',
        sourceId: '2',
        name: 'Entry 2',
        programs: ['CYBER2'],
        references: ['ofac:2'],
        designationId: importedDesignationId(LIST, '2'),
        changes: [{ field: 'remarks', before: undefined, after: 'Now with remarks' }],
      });
      expect(plan.entries[0]).not.toHaveProperty('changes');
      expect(plan.entries[2]).not.toHaveProperty('changes');
    });

    it('plans nothing when the in-scope listings did not change, whatever happened out of scope', () => {
      const next = release(HASH_2, [listing('1'), listing('2'), listing('3'), listing('9', { programs: ['IRAN'], remarks: 'changed' }), listing('11', { programs: ['IRAN'] })]);
      const plan = planBatch(LIST, previous, next, mapping());
      expect(plan.entries).toEqual([]);
      expect(plan.counts).toEqual({ added: 0, removed: 0, amended: 0, unchanged: 3, outOfScope: 2 });
    });

    it('lifts a listing still on the list whose program is no longer mapped, and adds one that came under a mapped program', () => {
      const next = release(HASH_2, [listing('1', { programs: ['IRAN'] }), listing('2'), listing('3'), listing('9', { programs: ['CYBER2'] })]);
      const plan = planBatch(LIST, previous, next, mapping());
      expect(plan.entries.map((e) => [e.action, e.sourceId])).toEqual([
        ['add', '9'],
        ['lift', '1'],
      ]);
      expect(plan.counts).toEqual({ added: 1, removed: 1, amended: 0, unchanged: 2, outOfScope: 1 });
    });

    it('amends, not lifts, a listing that keeps a mapped program beside a new one', () => {
      const next = release(HASH_2, [listing('1', { programs: ['CYBER2', 'IRAN'] }), listing('2'), listing('3')]);
      const plan = planBatch(LIST, previous, next, mapping());
      expect(plan.entries).toEqual([
        expect.objectContaining({ action: 'amend', sourceId: '1', programs: ['CYBER2', 'IRAN'], changes: [{ field: 'programs', before: ['CYBER2'], after: ['CYBER2', 'IRAN'] }] }),
      ]);
    });

    it('lifts what the previous batch took in under a program the new mapping drops', () => {
      const wider = mapping({ programs: [...mapping().programs, { ...mapping().programs[0], program: 'IRAN' }] });
      const next = release(HASH_2, [listing('1'), listing('2'), listing('3'), listing('9', { programs: ['IRAN'] })], { releaseDate: '2026-02-01' });
      const plan = planBatch(LIST, previous, next, mapping(), wider);
      expect(plan.entries.map((e) => [e.action, e.sourceId])).toEqual([['lift', '9']]);
      expect(plan.counts).toMatchObject({ removed: 1, unchanged: 3 });
    });

    it('refuses releases of two different lists', () => {
      const other = release(HASH_2, [listing('1')], { format: 'ofac-sdn-csv' });
      expect(() => planBatch(LIST, previous, other, mapping())).toThrow(expect.objectContaining({ code: 'LIST.RELEASE_MISMATCH' }));
    });
  });

  it('matches programs case-insensitively and ignoring surrounding spaces', () => {
    const next = release(HASH_1, [listing('1', { programs: ['cyber2'] }), listing('2', { programs: [' Cyber2 '] }), listing('3', { programs: ['CYBER'] })]);
    const plan = planBatch(LIST, undefined, next, mapping({ programs: [{ ...mapping().programs[0], program: 'Cyber2' }] }));
    expect(plan.entries.map((e) => e.sourceId)).toEqual(['1', '2']);
    expect(plan.counts.outOfScope).toBe(1);
  });

  describe('digest', () => {
    const previous = release(HASH_1, [listing('1'), listing('2')]);
    const next = release(HASH_2, [listing('2', { remarks: 'amended' }), listing('3')]);

    it('is the same for the same inputs, a SHA-256 in hex', () => {
      const a = planBatch(LIST, previous, next, mapping());
      const b = planBatch(LIST, structuredClone(previous), structuredClone(next), mapping());
      expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(b.digest).toBe(a.digest);
    });

    it('depends on the diff only, not on the release metadata', () => {
      const a = planBatch(LIST, previous, next, mapping());
      const b = planBatch(LIST, { ...previous, sha256: 'a'.repeat(64), releaseDate: '2025-12-31' }, { ...next, sha256: 'b'.repeat(64), releaseDate: '2026-03-01' }, mapping());
      expect(b.digest).toBe(a.digest);
    });

    it('differs when the diff differs: another entry, another action, another change', () => {
      const base = planBatch(LIST, previous, next, mapping()).digest;
      const moreAdded = planBatch(LIST, previous, release(HASH_2, [...next.listings, listing('4')]), mapping()).digest;
      const otherChange = planBatch(LIST, previous, release(HASH_2, [listing('2', { remarks: 'amended again' }), listing('3')]), mapping()).digest;
      const noRemoval = planBatch(LIST, previous, release(HASH_2, [listing('1'), ...next.listings]), mapping()).digest;
      const firstImport = planBatch(LIST, undefined, next, mapping()).digest;
      expect(new Set([base, moreAdded, otherChange, noRemoval, firstImport]).size).toBe(5);
    });
  });
});

describe('ids', () => {
  it('gives an entry of a list one designation id across releases, distinct per list and per source id', () => {
    expect(importedDesignationId(LIST, '1')).toBe(importedDesignationId(LIST, '1'));
    expect(importedDesignationId(LIST, '1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const ids = [importedDesignationId(LIST, '1'), importedDesignationId(LIST, '2'), importedDesignationId('own-un-xml', '1'), importedDesignationId('own-ofac-sdn-csv', '1')];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the designation ids of a plan stable from one release to the next', () => {
    const first = planBatch(LIST, undefined, release(HASH_1, [listing('1'), listing('2')]), mapping());
    const second = planBatch(LIST, release(HASH_1, [listing('1'), listing('2')]), release(HASH_2, [listing('1', { remarks: 'x' })]), mapping());
    const idOf = (entries: { sourceId: string; designationId: string }[], id: string) => entries.find((e) => e.sourceId === id)?.designationId;
    expect(idOf(second.entries, '1')).toBe(idOf(first.entries, '1'));
    expect(idOf(second.entries, '2')).toBe(idOf(first.entries, '2'));
  });

  it('gives each entry of a batch its own command id, the same on a retry', () => {
    const batch = batchIdOf(LIST, null, HASH_1, mapping(), importTerms());
    const add1 = entryCommandId(batch, { action: 'add', sourceId: '1' });
    expect(entryCommandId(batch, { action: 'add', sourceId: '1' })).toBe(add1);
    const others = [
      entryCommandId(batch, { action: 'add', sourceId: '2' }),
      entryCommandId(batch, { action: 'lift', sourceId: '1' }),
      entryCommandId(batch, { action: 'amend', sourceId: '1' }),
      entryCommandId(batchIdOf(LIST, HASH_1, HASH_2, mapping(), importTerms()), { action: 'add', sourceId: '1' }),
    ];
    expect(new Set([add1, ...others]).size).toBe(5);
  });

  describe('batchIdOf', () => {
    const id = batchIdOf(LIST, HASH_1, HASH_2, mapping(), importTerms());

    it('is the same for the same list, base, release, mapping and terms, whatever the key order', () => {
      const [program] = mapping().programs;
      const reordered = { programs: [{ measures: program.measures, legalBasis: program.legalBasis, category: program.category, program: program.program }] };
      const { sunsetAt, ...restOfTerms } = importTerms();
      expect(batchIdOf(LIST, HASH_1, HASH_2, reordered, { ...restOfTerms, sunsetAt })).toBe(id);
    });

    it('ignores an optional term left undefined', () => {
      expect(batchIdOf(LIST, HASH_1, HASH_2, mapping(), { ...importTerms(), firstReviewDueAt: undefined })).toBe(id);
    });

    it.each<[string, string]>([
      ['another list', batchIdOf('own-ofac-enhanced-xml', HASH_1, HASH_2, mapping(), importTerms())],
      ['no base', batchIdOf(LIST, null, HASH_2, mapping(), importTerms())],
      ['another base', batchIdOf(LIST, 'f'.repeat(64), HASH_2, mapping(), importTerms())],
      ['another release', batchIdOf(LIST, HASH_1, 'e'.repeat(64), mapping(), importTerms())],
      ['another program mapped', batchIdOf(LIST, HASH_1, HASH_2, mapping({ programs: [...mapping().programs, { ...mapping().programs[0], program: 'CYBER3' }] }), importTerms())],
      ['another category', batchIdOf(LIST, HASH_1, HASH_2, mapping({ programs: [{ ...mapping().programs[0], category: 'cyber_espionage' }] }), importTerms())],
      ['another sunset', batchIdOf(LIST, HASH_1, HASH_2, mapping(), importTerms({ sunsetAt: '2027-06-01T00:00:00.000Z' }))],
      ['another review interval', batchIdOf(LIST, HASH_1, HASH_2, mapping(), importTerms({ reviewInterval: 'P3M' }))],
      ['a first review date', batchIdOf(LIST, HASH_1, HASH_2, mapping(), importTerms({ firstReviewDueAt: '2026-03-01T00:00:00.000Z' }))],
      ['no waiver', batchIdOf(LIST, HASH_1, HASH_2, mapping(), importTerms({ humanitarianWaiver: undefined }))],
    ])('changes with %s', (_case, other) => {
      expect(other).not.toBe(id);
    });
  });
});
