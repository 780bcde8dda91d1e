import Ajv, { type ValidateFunction } from 'ajv';

/**
 * A fast path for valid bodies (issue 16: class-validator was a fifth of a command's CPU). The
 * OpenAPI document is generated from the DTOs' decorators, which state every rule twice — for
 * class-validator and for the document — so its component schemas, made strict (no property beyond
 * those declared, as forbidNonWhitelisted), are compiled once with ajv. A body the schema accepts
 * goes through as it is; any other goes on to class-validator, which alone words the errors. So
 * the schema only ever has to be as strict as class-validator, never as eloquent:
 * test/api/body-schemas.e2e-spec.ts checks, over generated bodies, that it accepts nothing
 * class-validator refuses.
 */
export interface BodySchemas {
  /** True when `body` is valid for the DTO class named `name`; undefined when there is no schema for it. */
  accepts(name: string, body: unknown): boolean | undefined;
}

type Schema = Record<string, unknown>;

/** Every object schema closed to undeclared properties, recursively (properties, items, allOf…). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closed(v)])) : closed(value);
  if (copy.type === 'object' || copy.properties) copy.additionalProperties = false;
  return copy;
}

export function bodySchemas(components: Record<string, unknown>): BodySchemas {
  const ajv = new Ajv({
    // As class-validator reads them: string lengths in code points (validator.js isLength, as ajv),
    // patterns as RegExps without the u flag.
    unicodeRegExp: false,
    // OpenAPI words (example, description, format: date-time) are documentation here; patterns carry the rules.
    strict: false,
    validateFormats: false,
    allErrors: false,
  });
  ajv.addSchema({ $id: 'openapi', components: { schemas: closed(components) } });
  const compiled = new Map<string, ValidateFunction | null>();
  return {
    accepts(name, body) {
      if (!compiled.has(name)) {
        compiled.set(name, components[name] ? ajv.compile({ $ref: `openapi#/components/schemas/${name}` }) : null);
      }
      const validate = compiled.get(name);
      return validate ? validate(body) : undefined;
    },
  };
}

let registered: BodySchemas | undefined;

/** Made once per process from the OpenAPI document (apps/api/src/app.factory.ts, mountOpenApi). */
export function registerBodySchemas(components: Record<string, unknown>): void {
  registered = bodySchemas(components);
}

export function registeredBodySchemas(): BodySchemas | undefined {
  return registered;
}
