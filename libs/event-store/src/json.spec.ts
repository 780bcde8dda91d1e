import { toJsonObject, toJsonValue } from './json';

describe('toJsonValue', () => {
  it('copies JSON and drops object properties left undefined, as JSON.stringify would', () => {
    const input = { a: 1, b: undefined, c: [true, null, 'x', { d: undefined, e: -0.5 }], f: Object.assign(Object.create(null), { g: 2 }) };
    const copy = toJsonValue(input);
    expect(copy).toEqual({ a: 1, c: [true, null, 'x', { e: -0.5 }], f: { g: 2 } });
    expect(Object.keys(copy as object)).not.toContain('b');
    expect(copy).not.toBe(input);
  });

  it.each([
    ['NaN', { n: NaN }, '$.n'],
    ['an undefined array element', { list: [1, undefined] }, '$.list[1]'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a bigint', { big: 1n }, '$.big'],
    ['a class instance', { value: new (class Money {})() }, '$.value'],
  ])('rejects %s and says where', (_what, value, path) => {
    expect(() => toJsonValue(value)).toThrow(path);
  });

  it('insists on an object for event data and metadata', () => {
    expect(() => toJsonObject([1], 'events[0].data')).toThrow('events[0].data: expected a JSON object');
    expect(toJsonObject({ ok: true })).toEqual({ ok: true });
  });
});
