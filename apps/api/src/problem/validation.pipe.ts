import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

/** Strict bodies: unknown fields are refused, nested objects validated, every failure listed by path. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({ message: 'The request body is not valid', code: 'INPUT.VALIDATION_FAILED', errors: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Deeper than any DTO goes (a designation nests four levels); the rest is refused before it is walked. */
const MAX_DEPTH = 12;

/**
 * Keys that class-validator's whitelist lets through, because it looks a key up in a plain object
 * (`constructor`, `toString`, … are found on Object.prototype), and `prototype`. Found by the
 * hostile-input resilience test: such bodies were recorded.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The ValidationPipe, after a check of its own: no prototype-named keys at any depth, and no nesting
 * deeper than MAX_DEPTH (class-transformer recurses, and a 1 MiB body of `[[[[…` overflowed the
 * stack: a 500). The walk is iterative, so it cannot overflow itself.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') refuseHostileShape(value);
    return super.transform(value, metadata);
  }
}

function refuseHostileShape(value: unknown): void {
  const pending: Array<{ node: unknown; path: string; depth: number }> = [{ node: value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) throw new BadRequestException({ message: `The request nests deeper than ${MAX_DEPTH} levels`, code: 'INPUT.TOO_DEEP' });
    for (const key of Object.keys(node)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) {
        throw new BadRequestException({ message: 'The request body is not valid', code: 'INPUT.VALIDATION_FAILED', errors: [{ field, messages: [`property ${key} should not exist`] }] });
      }
      pending.push({ node: (node as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
}
