import { applyDecorators, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Limits on what one request may carry: generous for real cases, fatal to abuse. */
export const LIMITS = { id: 100, name: 300, text: 10_000, shortText: 1_000, list: 100, smallList: 20 } as const;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

type Doc = Pick<ApiPropertyOptions, 'description' | 'example'>;
const prop = (optional: boolean, options: ApiPropertyOptions) =>
  optional ? [IsOptional(), ApiPropertyOptional(options)] : [ApiProperty(options)];

export const Text = (max: number = LIMITS.text, doc: Doc = {}, optional = false) =>
  applyDecorators(...prop(optional, { type: String, minLength: 1, maxLength: max, ...doc }), IsString(), IsNotEmpty(), MaxLength(max));

export const Id = (doc: Doc = {}, optional = false) =>
  applyDecorators(
    ...prop(optional, { type: String, maxLength: LIMITS.id, pattern: IDENTIFIER.source, ...doc }),
    IsString(),
    MaxLength(LIMITS.id),
    Matches(IDENTIFIER, { message: '$property may hold letters, digits, and . _ : -' }),
  );

export const Instant = (doc: Doc = {}, optional = false) =>
  applyDecorators(
    ...prop(optional, { type: String, format: 'date-time', pattern: INSTANT.source, example: '2027-01-01T00:00:00Z', ...doc }),
    IsString(),
    Matches(INSTANT, { message: '$property must be an ISO 8601 date-time with an offset, e.g. 2027-01-01T00:00:00Z' }),
  );

export const Duration = (doc: Doc = {}) =>
  applyDecorators(
    ApiProperty({ type: String, maxLength: 40, pattern: DURATION.source, example: 'P6M', description: 'ISO 8601 duration', ...doc }),
    IsString(),
    MaxLength(40),
    Matches(DURATION, { message: '$property must be an ISO 8601 duration, e.g. P6M' }),
  );

export const OneOf = (values: readonly string[], doc: Doc = {}, optional = false) =>
  applyDecorators(...prop(optional, { enum: values as string[], ...doc }), IsIn(values as string[]));

export const TextList = (maxItems: number = LIMITS.list, maxLength: number = LIMITS.name, doc: Doc = {}, optional = false) =>
  applyDecorators(
    ...prop(optional, { type: 'array', items: { type: 'string', minLength: 1, maxLength }, maxItems, ...doc }),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(maxLength, { each: true }),
  );

export const IdList = (maxItems: number = LIMITS.list, doc: Doc = {}) =>
  applyDecorators(
    ApiProperty({ type: 'array', items: { type: 'string', maxLength: LIMITS.id, pattern: IDENTIFIER.source }, maxItems, ...doc }),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(LIMITS.id, { each: true }),
    Matches(IDENTIFIER, { each: true, message: 'each value in $property may hold letters, digits, and . _ : -' }),
  );

export const NumberList = (doc: Doc = {}) =>
  applyDecorators(
    ApiProperty({ type: 'array', items: { type: 'integer', minimum: 1, maximum: 1000 }, maxItems: LIMITS.smallList, ...doc }),
    IsArray(),
    ArrayMaxSize(LIMITS.smallList),
    IsInt({ each: true }),
    Min(1, { each: true }),
    Max(1000, { each: true }),
  );

/**
 * One nested object. IsObject, because ValidateNested alone accepts an array of them (`coalition:
 * [{…}]` was recorded). Swagger takes `type` as a lazy reference only from a function named `type`;
 * given the caller's anonymous arrow, it wrote an empty `$ref`.
 */
export const Nested = (type: () => new () => object, doc: Doc = {}, optional = false) =>
  applyDecorators(...prop(optional, { type: () => type(), ...doc }), IsObject(), ValidateNested(), Type(type));

export const NestedList = (type: () => new () => object, maxItems: number = LIMITS.list, doc: Doc = {}, optional = false) =>
  applyDecorators(
    ...prop(optional, { type: () => [type()], maxItems, ...doc }),
    IsArray(),
    ArrayMaxSize(maxItems),
    // ValidateNested lets an array in a list of objects through (found by the hostile-input tier: `identifiers: [[]]` was recorded).
    IsObject({ each: true, message: 'each value in $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );

/** The same rule for identifiers that arrive in the path. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > LIMITS.id || !IDENTIFIER.test(value)) {
      throw new BadRequestException('The identifier in the path may hold up to 100 letters, digits, and . _ : -');
    }
    return value;
  }
}
