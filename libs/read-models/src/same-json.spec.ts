import fc from 'fast-check';
import { sameJson } from './same-json';

/** JSON-shaped values, with properties that are sometimes undefined and keys in any order. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null), fc.constant(undefined)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'updatedAt'), tie('node'), { maxKeys: 4 })),
})).node;

/** What the projection compared before: the JSON text of both, without `updatedAt`. */
const byText = (a: unknown, b: unknown, ignored?: string) => {
  const text = (v: unknown) => (ignored && v !== null && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify({ ...v, [ignored]: undefined }) : JSON.stringify(v));
  return text(a) === text(b);
};

describe('sameJson', () => {
  it('agrees with comparing the JSON texts', () => {
    fc.assert(fc.property(value, value, (a, b) => sameJson(a, b) === byText(a, b)), { numRuns: 5_000 });
  });

  it('agrees with comparing the JSON texts when a top-level key is ignored', () => {
    fc.assert(fc.property(value, value, (a, b) => sameJson(a, b, 'updatedAt') === byText(a, b, 'updatedAt')), { numRuns: 5_000 });
  });

  it('agrees on values that are nearly the same (one leaf changed, or a key reordered)', () => {
    const entry = { id: 'x', target: { name: 'A', aliases: ['b', 'c'] }, measures: [{ type: 'asset_freeze' }], updatedAt: '1' };
    expect(sameJson(entry, structuredClone(entry))).toBe(true);
    expect(sameJson(entry, { ...entry, updatedAt: '2' }, 'updatedAt')).toBe(true);
    expect(sameJson(entry, { ...entry, updatedAt: '2' })).toBe(false);
    expect(sameJson(entry, { ...entry, target: { name: 'A', aliases: ['b'] } })).toBe(false);
    expect(sameJson(entry, { ...entry, target: { aliases: ['b', 'c'], name: 'A' } })).toBe(false);
    expect(sameJson(entry, { ...entry, source: undefined })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ a: { updatedAt: 1 } }, { a: { updatedAt: 2 } }, 'updatedAt')).toBe(false);
  });
});
