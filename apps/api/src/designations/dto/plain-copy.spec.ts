import { instanceToPlain, plainToInstance } from 'class-transformer';
import { exampleProposal } from '../../../../../test/api/support/example-proposal';
import { ProposeDesignationDto } from './designation-terms.dto';
import { plainCopy } from './plain-copy';

describe('plainCopy', () => {
  it('gives what instanceToPlain gave for a validated proposal: the same JSON, as plain objects', () => {
    const dto = plainToInstance(ProposeDesignationDto, exampleProposal());
    const copy = plainCopy(dto);
    expect(copy).toEqual(instanceToPlain(dto));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(instanceToPlain(dto)));
    const prototypes = (value: unknown): unknown[] =>
      value && typeof value === 'object' ? [Object.getPrototypeOf(value), ...Object.values(value).flatMap(prototypes)] : [];
    expect(new Set(prototypes(copy).filter((p) => p !== Object.prototype && p !== Array.prototype))).toEqual(new Set());
  });

  it('drops unset optional fields and keeps nulls, numbers and booleans', () => {
    expect(plainCopy({ a: undefined, b: null, c: 0, d: false, e: [1, { f: undefined }] })).toEqual({ b: null, c: 0, d: false, e: [1, {}] });
  });
});
