import fc from 'fast-check';
import { canonicalize, serializeString } from './jcs';

const fromBits = (hex: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

describe('RFC 8785 JSON canonicalization', () => {
  it('matches the RFC §3.2.2 example (values, escaping, literals)', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts properties by UTF-16 code units (RFC §3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalize({ b: [3, { z: 1, a: 2 }], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[3,{"a":2,"z":1}]}');
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serializes the IEEE 754 value %s as %s (RFC Appendix B)', (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected);
  });

  it.each([
    ['NaN', fromBits('7fffffffffffffff')],
    ['Infinity', fromBits('7ff0000000000000')],
    ['-Infinity', -Infinity],
  ])('rejects %s (RFC Appendix B)', (_name, value) => {
    expect(() => canonicalize({ value })).toThrow(TypeError);
  });

  it.each([
    ['undefined', { a: undefined }],
    ['undefined in an array', [1, undefined]],
    ['a bigint', { a: 1n }],
    ['a function', { a: () => 1 }],
    ['a symbol', [Symbol('s')]],
    ['a Date', { a: new Date(0) }],
    ['a Map', new Map()],
    ['an unpaired high surrogate', '\ud800x'],
    ['an unpaired low surrogate', 'x\udc00'],
    ['an unpaired surrogate in a key', { '\ud83d': 1 }],
  ])('rejects %s', (_name, value) => {
    expect(() => canonicalize(value)).toThrow(TypeError);
  });

  // RFC 8785 §3.2.2.2 stated on its own, not through JSON.stringify (which serializeString uses):
  // every character but `"`, `\` and the C0 controls is written as itself; those are escaped, in their
  // short form where JSON has one, else as lowercase \u00xx.
  const SHORT: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
  const rfc8785String = (text: string) =>
    `"${Array.from(text, (c) => SHORT[c] ?? (c < ' ' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`;

  it('escapes exactly the characters JSON requires, for any well-formed string', () => {
    expect(serializeString('\u0000\u001f\u007f"\\/é😀\n')).toBe('"\\u0000\\u001f\u007f\\"\\\\/é😀\\n"');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(serializeString(text)).toBe(rfc8785String(text));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(serializeString(text)).toBe(rfc8785String(text));
      }),
    );
  });

  it('names the path of what it refuses', () => {
    expect(() => canonicalize({ a: [1, { b: NaN }] })).toThrow('JCS: $.a[1].b is NaN');
    expect(() => canonicalize({ a: { 'x\ud800': 1 } })).toThrow('JCS: $.a.x\ud800 key contains an unpaired surrogate at index 1');
    expect(() => canonicalize([0, [undefined]])).toThrow('JCS: $[1][0] is undefined');
  });

  it('is the same for any JSON value however its properties were ordered, and parses back to it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reordered = JSON.parse(JSON.stringify(value, (_key, v) => (isObject(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
        const canonical = canonicalize(value);
        expect(canonicalize(reordered)).toBe(canonical);
        // JSON has no negative zero: -0 is written as 0 (RFC 8785 §3.2.2.3), as JSON.stringify does.
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
