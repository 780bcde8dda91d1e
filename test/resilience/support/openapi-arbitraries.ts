import fc from 'fast-check';
import { resolve, type OpenApi, type Operation, type Schema } from './openapi-routes';
import { BAD_DATES, BAD_PATH_VALUES, badQueryValues, BODY_TOO_LARGE, CONTENT_TYPES, MALFORMED, PROTOTYPE_KEYS } from './hostile-values';

/**
 * fast-check arbitraries of requests the API must refuse, derived from its own /openapi.json: a
 * schema-shaped body (or query, path, headers) with at least one change that no valid request has.
 * "Guaranteed invalid" is the contract: a generated request that the API accepts is a bug in the
 * API, never noise.
 */
export type MutationKind =
  | 'wrong-type' | 'missing-required' | 'unknown-property' | 'huge-string' | 'array-over-max' | 'bad-date'
  | 'prototype-key' | 'deep-nesting' | 'non-object-body' | 'malformed-json' | 'wrong-content-type' | 'oversized-body'
  | 'bad-path-id' | 'bad-if-match' | 'bad-idempotency-key' | 'bad-query';

export interface HostileRequest {
  kind: MutationKind;
  operation: string;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Values for the path: designations in known states, one of their exemptions, the tests' ministry. */
export type PathValues = Record<string, string[]>;

type Path = Array<string | number>;
interface Site { path: Path; schema: Schema; optional: boolean; value: unknown }

const FUTURE = new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString();
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

/** A value the schema allows (as far as a schema can say): the base every mutation starts from. */
export function schemaValue(doc: OpenApi, given: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(doc, given);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.type === 'array') return fc.array(schemaValue(doc, schema.items ?? {}), { maxLength: Math.min(schema.maxItems ?? 2, 2) });
  if (schema.properties) {
    const model = Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, schemaValue(doc, property)]));
    return fc.record(model, { requiredKeys: schema.required ?? [] });
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    const min = schema.minimum ?? 0;
    return fc.integer({ min, max: Math.min(schema.maximum ?? min + 1000, min + 1000) });
  }
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.format === 'date-time') return fc.constant(FUTURE);
  if (typeof schema.example === 'string') return fc.constant(schema.example);
  return word;
}

/** Every place in a concrete value, with the schema that governs it. */
function sites(doc: OpenApi, given: Schema, value: unknown, path: Path = [], optional = false): Site[] {
  const schema = resolve(doc, given);
  const here: Site = { path, schema, optional, value };
  if (Array.isArray(value) && schema.items) {
    return [here, ...value.flatMap((item, i) => sites(doc, schema.items!, item, [...path, i]))];
  }
  if (value && typeof value === 'object' && schema.properties) {
    const required = schema.required ?? [];
    return [
      here,
      ...Object.entries(value).flatMap(([key, child]) =>
        schema.properties![key] ? sites(doc, schema.properties![key], child, [...path, key], !required.includes(key)) : [],
      ),
    ];
  }
  return [here];
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = structuredClone(root);
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step];
  node[path[path.length - 1]] = replacement;
  return copy;
}

const isObjectSite = (site: Site) => !!site.value && typeof site.value === 'object' && !Array.isArray(site.value);
const isProperty = (site: Site) => site.path.length > 0;

/** A value of another JSON type than the schema's; never null where null means "absent". */
function wrongType(schema: Schema, optional: boolean): fc.Arbitrary<unknown> {
  const kind = schema.type === 'array' ? 'array' : schema.properties || schema.$ref ? 'object' : schema.type === 'number' || schema.type === 'integer' ? 'number' : 'string';
  const candidates: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)), fc.boolean(), fc.constant(['text']), fc.constant({})),
    number: fc.oneof(fc.constantFrom('5', '1', ''), fc.boolean(), fc.constant([1]), fc.constant({})),
    array: fc.oneof(word, fc.integer(), fc.boolean(), fc.constant({ 0: 'x' })),
    object: fc.oneof(word, fc.integer(), fc.boolean(), fc.constant([]), fc.constant([{}])),
  };
  return optional ? candidates[kind] : fc.oneof(candidates[kind], fc.constant(null));
}

function unknownKey(schema: Schema): fc.Arbitrary<string> {
  const known = new Set(Object.keys(schema.properties ?? {}));
  return fc.oneof(fc.stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$]{0,20}$/), fc.constantFrom('isAdmin', 'role', 'status', 'designationId', 'revision', 'actor', 'a[b]', ''))
    .filter((key) => !known.has(key) && key !== '__proto__');
}

/** A string longer than the schema allows, or one no enum or date-time can be. */
function hugeString(schema: Schema): fc.Arbitrary<string> {
  const floor = (schema.maxLength ?? 0) + 1;
  return fc.oneof(
    fc.integer({ min: floor, max: floor + 2_000 }).map((n) => 'x'.repeat(n)),
    fc.integer({ min: floor, max: floor + 50 }).map((n) => 'é'.repeat(n)),
    fc.constant('x'.repeat(Math.max(floor, 100_000))),
  );
}

/** JSON text with `key` as an own property at `path`: JSON.stringify cannot write `__proto__`. */
function withRawKey(body: unknown, path: Path, key: string, rawValue: string): string {
  const marker = '__hostile_marker__';
  const text = JSON.stringify(setAt(body, path, { ...(pathValue(body, path) as object), [marker]: 0 }));
  return text.replace(`"${marker}":0`, `${JSON.stringify(key)}:${rawValue}`);
}

function pathValue(root: unknown, path: Path): unknown {
  return path.reduce<any>((node, step) => node?.[step], root);
}

const nested = (depth: number, asArray: boolean) => (asArray ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

/** Mutations of a body: each returns the JSON text (and content type) of a body the API must refuse. */
function bodyMutations(doc: OpenApi, schema: Schema): fc.Arbitrary<{ kind: MutationKind; payload: string; contentType?: string }> {
  const hasRequired = (schema.required ?? []).length > 0;
  return schemaValue(doc, schema).chain((base) => {
    const all = sites(doc, schema, base);
    const pick = (filter: (site: Site) => boolean) => all.filter(filter);
    const json = (kind: MutationKind) => (body: unknown) => ({ kind, payload: JSON.stringify(body) });
    const options: Array<fc.Arbitrary<{ kind: MutationKind; payload: string; contentType?: string }>> = [];
    const add = (found: Site[], make: (site: Site) => fc.Arbitrary<{ kind: MutationKind; payload: string; contentType?: string }>) => {
      if (found.length > 0) options.push(fc.constantFrom(...found).chain(make));
    };
    add(pick(isProperty), (site) => wrongType(site.schema, site.optional).map((v) => json('wrong-type')(setAt(base, site.path, v))));
    add(pick((s) => isObjectSite(s) && (s.schema.required ?? []).length > 0), (site) =>
      fc.constantFrom(...site.schema.required!).map((key) => {
        const copy: any = structuredClone(base);
        delete (site.path.length === 0 ? copy : pathValue(copy, site.path))[key];
        return json('missing-required')(copy);
      }),
    );
    add(pick(isObjectSite), (site) =>
      fc.tuple(unknownKey(site.schema), fc.jsonValue({ maxDepth: 2 })).map(([key, v]) =>
        json('unknown-property')(setAt(base, site.path, { ...(site.value as object), [key]: v })),
      ),
    );
    add(pick((s) => isProperty(s) && s.schema.type === 'string' && !!(s.schema.maxLength || s.schema.enum || s.schema.format)), (site) =>
      hugeString(site.schema).map((v) => json('huge-string')(setAt(base, site.path, v))),
    );
    add(pick((s) => s.schema.type === 'array' && s.schema.maxItems !== undefined), (site) =>
      fc.tuple(fc.integer({ min: 1, max: 30 }), schemaValue(doc, site.schema.items ?? {})).map(([extra, item]) =>
        json('array-over-max')(setAt(base, site.path, Array.from({ length: site.schema.maxItems! + extra }, () => item))),
      ),
    );
    add(pick((s) => s.schema.format === 'date-time'), (site) => fc.constantFrom(...BAD_DATES).map((v) => json('bad-date')(setAt(base, site.path, v))));
    add(pick(isObjectSite), (site) =>
      fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('{}', '{"isAdmin":true}', '{"prototype":{"polluted":true}}', '1', '"x"', 'null')).map(([key, raw]) => ({
        kind: 'prototype-key' as const,
        payload: withRawKey(base, site.path, key, raw),
      })),
    );
    add(pick(isProperty), (site) =>
      fc.tuple(fc.integer({ min: 13, max: 5_000 }), fc.boolean()).map(([depth, asArray]) => {
        const marker = '"__hostile_deep__"';
        return { kind: 'deep-nesting' as const, payload: JSON.stringify(setAt(base, site.path, '__hostile_deep__')).replace(marker, nested(depth, asArray)) };
      }),
    );
    options.push(
      fc.constantFrom('[]', '"text"', '42', 'true', ...(hasRequired ? ['null', '{}'] : [])).map((payload) => ({ kind: 'non-object-body' as const, payload })),
      fc.oneof(
        fc.constantFrom(...MALFORMED),
        fc.nat().map((n) => JSON.stringify(base).slice(0, n % JSON.stringify(base).length)),
        fc.constant(JSON.stringify(base).replace(/}$/, ',}')),
      ).map((payload) => ({ kind: 'malformed-json' as const, payload })),
      fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({ kind: 'wrong-content-type' as const, payload: JSON.stringify(base), contentType })),
      fc.constant({ kind: 'oversized-body' as const, payload: `{"padding":"${BODY_TOO_LARGE}"}` }),
    );
    return fc.oneof(...options);
  });
}

const expand = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]));

/** Every hostile request for one operation, each tagged with its mutation kind. */
export function hostileRequests(doc: OpenApi, operation: Operation, pathValues: PathValues): fc.Arbitrary<HostileRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const isCommand = operation.parameters.some((p) => p.in === 'header' && p.name === 'If-Match');
  const goodPath = fc.record(Object.fromEntries(pathParams.map((name) => [name, fc.constantFrom(...pathValues[name])])));
  const body = operation.body ? schemaValue(doc, operation.body).map((b) => JSON.stringify(b)) : fc.constant(undefined);
  const request = (kind: MutationKind, path: Record<string, string>, payload: string | undefined, extra: Partial<HostileRequest> = {}): HostileRequest => ({
    kind,
    operation: operation.key,
    method: operation.method,
    url: expand(operation.path, path),
    headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload }),
    ...extra,
  });
  const options: Array<fc.Arbitrary<HostileRequest>> = [];
  if (operation.body) {
    // Bodies have the most ways to be wrong: weighted so that they get most of the requests.
    const bodies = fc.tuple(goodPath, bodyMutations(doc, operation.body)).map(([path, mutated]) =>
      request(mutated.kind, path, mutated.payload, mutated.contentType === undefined ? {} : {
        headers: mutated.contentType === 'none' ? {} : { 'content-type': mutated.contentType },
      }),
    );
    options.push(bodies, bodies, bodies, bodies);
  }
  if (pathParams.length > 0) {
    options.push(
      fc.tuple(goodPath, fc.constantFrom(...pathParams), fc.constantFrom(...BAD_PATH_VALUES), body).map(([path, name, bad, payload]) =>
        request('bad-path-id', { ...path, [name]: bad }, payload),
      ),
    );
  }
  if (isCommand) {
    const ifMatch = fc.constantFrom('3', '"abc"', '"-1"', '*', '"1", "2"', 'W/"x"', `"${'9'.repeat(16)}"`, '', '"1.5"', "'1'");
    const key = fc.oneof(fc.constantFrom('', 'has space', 'tab\tinside', 'x'.repeat(201)), fc.integer({ min: 201, max: 2_000 }).map((n) => 'k'.repeat(n)));
    options.push(
      fc.tuple(goodPath, ifMatch, body).map(([path, value, payload]) => request('bad-if-match', path, payload, { headers: { 'content-type': 'application/json', 'if-match': value } })),
      fc.tuple(goodPath, key, body).map(([path, value, payload]) => request('bad-idempotency-key', path, payload, { headers: { 'content-type': 'application/json', 'idempotency-key': value } })),
    );
  }
  if (queryParams.length > 0) {
    const known = new Set(queryParams.map((p) => p.name));
    const bad = fc.oneof(
      fc.constantFrom(...queryParams.filter((p) => badQueryValues(p.schema).length > 0)).chain((p) =>
        fc.constantFrom(...badQueryValues(p.schema)).map((v) => `${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`),
      ),
      fc.constantFrom(...queryParams).map((p) => {
        const v = encodeURIComponent(String(p.schema.enum?.[0] ?? p.schema.example ?? p.schema.minimum ?? 'x'));
        return `${p.name}=${v}&${p.name}=${v}`;
      }),
      fc.oneof(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/), fc.constantFrom(...PROTOTYPE_KEYS, 'a[b]', 'limit[]'))
        .filter((name) => !known.has(name))
        .map((name) => `${encodeURIComponent(name)}=1`),
    );
    options.push(fc.tuple(goodPath, bad, body).map(([path, query, payload]) => ({ ...request('bad-query', path, payload), url: `${expand(operation.path, path)}?${query}` })));
  }
  if (options.length === 0) throw new Error(`${operation.key} takes no input to make invalid`);
  return fc.oneof(...options);
}
