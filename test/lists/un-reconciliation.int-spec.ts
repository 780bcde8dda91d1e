import { parseRelease, reconcile, type Release } from '@app/lists';
import { rawRecords } from './support/raw-xml-records';
import { independentDiff, unFile } from './support/shared-lists';

/**
 * Consecutive UN Consolidated List releases, reconciled by the library and, independently, by set
 * differences of DATAIDs and a content comparison read with regular expressions straight from
 * the files (VERSIONNUM, SORT_KEY, SORT_KEY_LAST_MOD, LIST_TYPE and SUBMITTED_* are not content;
 * whitespace is layout; repeated elements are a multiset).
 */
const UN_NOT_CONTENT = { records: ['INDIVIDUAL', 'ENTITY'], id: 'DATAID', drop: ['VERSIONNUM', 'SORT_KEY', 'SORT_KEY_LAST_MOD', 'LIST_TYPE', 'SUBMITTED_BY', 'SUBMITTED_ON'] };

/** What SOURCES.md states for the pair, where it states it. */
const PAIRS: { from: string; to: string; stated?: { added: number; removed: number; amended: number } }[] = [
  { from: '2018-06-07', to: '2018-06-21', stated: { added: 2, removed: 0, amended: 0 } },
  { from: '2018-06-21', to: '2018-08-24', stated: { added: 6, removed: 8, amended: 14 } },
  { from: '2018-08-24', to: '2018-10-29', stated: { added: 3, removed: 8, amended: 9 } },
  { from: '2018-10-29', to: '2020-10-02' },
  { from: '2020-10-02', to: '2023-03-09' },
  { from: '2023-03-09', to: '2026-02' },
];

const releases = new Map<string, Release>();
const release = async (date: string) => {
  if (!releases.has(date)) releases.set(date, await parseRelease('un-xml', unFile(date)));
  return releases.get(date) as Release;
};

describe('UN releases reconciled', () => {
  it.each(PAIRS)('$from → $to: the library counts what an independent read counts', async ({ from, to, stated }) => {
    const result = reconcile(await release(from), await release(to));
    const found = {
      added: result.added.map((listing) => listing.sourceId).sort(),
      removed: result.removed.map((listing) => listing.sourceId).sort(),
      amended: result.amended.map((amendment) => amendment.sourceId).sort(),
    };
    const expected = independentDiff(rawRecords(unFile(from).toString('utf8'), UN_NOT_CONTENT), rawRecords(unFile(to).toString('utf8'), UN_NOT_CONTENT));
    expect(found).toEqual(expected);
    if (stated) expect({ added: found.added.length, removed: found.removed.length, amended: found.amended.length }).toEqual(stated);
    expect(result.unchanged.length + found.amended.length + found.added.length).toBe((await release(to)).listings.length);
  });

  it('2018-06-07 → 2018-06-21 adds QDi.413 and QDi.414, and nothing else changes', async () => {
    const result = reconcile(await release('2018-06-07'), await release('2018-06-21'));
    expect(result.added.map((listing) => listing.referenceNumber).sort()).toEqual(['QDi.413', 'QDi.414']);
  });

  it('2018-06-21 → 2018-08-24 delists eight Iraqi bodies and amends KPe.071 (address), KPi.004 (designation), QDe.133 (comments)', async () => {
    const result = reconcile(await release('2018-06-21'), await release('2018-08-24'));
    expect(result.removed.map((listing) => listing.referenceNumber).sort()).toEqual(['IQe.024', 'IQe.041', 'IQe.058', 'IQe.066', 'IQe.079', 'IQe.088', 'IQe.124', 'IQe.145']);
    const changes = new Map(result.amended.map((amendment) => [amendment.after.referenceNumber, amendment.changes.map((change) => change.field)]));
    expect(changes.get('KPe.071')).toContain('addresses');
    expect(changes.get('KPi.004')).toContain('positions');
    expect(changes.get('QDe.133')).toContain('remarks');
  });

  it('no amendment among the 2018 pairs changed VERSIONNUM: amendments are found by content', async () => {
    for (const { from, to } of PAIRS.slice(0, 3)) {
      const version = (date: string) => rawRecords(unFile(date).toString('utf8'), { ...UN_NOT_CONTENT, drop: [] });
      const [before, after] = [version(from), version(to)];
      for (const { sourceId } of reconcile(await release(from), await release(to)).amended) {
        const versionOf = (content: string | undefined) => /<VERSIONNUM>(\d+)<\/VERSIONNUM>/.exec(content ?? '')?.[1];
        expect(versionOf(after.get(sourceId))).toBe(versionOf(before.get(sourceId)));
      }
    }
  });
});
