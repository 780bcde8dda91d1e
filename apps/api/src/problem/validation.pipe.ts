import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { registeredBodySchemas } from './body-schemas';

/** Strict bodies and queries: unknown fields are refused, nested objects validated, every failure listed by path. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    // The values let a missing property be told from a wrong one; they never leave the pipe.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new ValidationFailed(errors),
  });
}

/**
 * Where in the request a refused value was, which the problem names: `detail` says which part was
 * not valid, and each field is the value's path from there — a body member as it is
 * (`target.name`, `legalBasis.0.instrument`), a query parameter as `query.<name>`, a path
 * parameter as `path.<name>`.
 */
const LOCATIONS: Record<ArgumentMetadata['type'], { detail: string; prefix: string }> = {
  body: { detail: 'The request body is not valid', prefix: '' },
  query: { detail: 'The query parameters are not valid', prefix: 'query.' },
  param: { detail: 'The path parameters are not valid', prefix: 'path.' },
  custom: { detail: 'The request is not valid', prefix: '' },
};

type Location = (typeof LOCATIONS)[ArgumentMetadata['type']];

/** What the exception factory hands back to the pipe, which alone knows where the value came from. */
class ValidationFailed extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

function invalid(location: Location, errors: FieldErrors): BadRequestException {
  return new BadRequestException({ message: location.detail, code: 'INPUT.VALIDATION_FAILED', errors });
}

type FieldErrors = Array<{ field: string; messages: string[] }>;

function flatten(errors: ValidationError[], parent: string): FieldErrors {
  return errors.flatMap((error) => {
    const field = `${parent}${error.property}`;
    const own = error.constraints ? [{ field, messages: messagesOf(error, field) }] : [];
    return [...own, ...flatten(error.children ?? [], `${field}.`)];
  });
}

/**
 * class-validator lists every constraint of a property that is not there ("must be a string",
 * "should not be empty", "must be shorter than…"): a missing one is simply required. A value that
 * is there (null included) keeps its messages.
 */
function messagesOf(error: ValidationError, field: string): string[] {
  const missing = 'value' in error && error.value === undefined && !error.constraints?.whitelistValidation;
  return missing ? [`${field} is required`] : Object.values(error.constraints ?? {});
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
    const location = LOCATIONS[metadata.type] ?? LOCATIONS.custom;
    if (metadata.type === 'body' || metadata.type === 'query') refuseHostileShape(value, location);
    // A body its schema accepts is valid as it is; anything else is judged, and worded, by class-validator.
    if (metadata.type === 'body' && metadata.metatype && registeredBodySchemas()?.accepts(metadata.metatype.name, value) === true) return value;
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ValidationFailed) throw invalid(location, flatten(error.errors, location.prefix));
      throw error;
    }
  }
}

function refuseHostileShape(value: unknown, location: Location): void {
  const pending: Array<{ node: unknown; path: string; depth: number }> = [{ node: value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) throw new BadRequestException({ message: `The request nests deeper than ${MAX_DEPTH} levels`, code: 'INPUT.TOO_DEEP' });
    for (const key of Object.keys(node)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) throw invalid(location, [{ field: `${location.prefix}${field}`, messages: [`property ${key} should not exist`] }]);
      pending.push({ node: (node as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
}
