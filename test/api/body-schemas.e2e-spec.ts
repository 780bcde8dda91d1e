import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import request from 'supertest';
import * as terms from '../../apps/api/src/designations/dto/designation-terms.dto';
import * as lifecycle from '../../apps/api/src/designations/dto/lifecycle-commands.dto';
import * as lists from '../../apps/api/src/lists/lists.dto';
import { registeredBodySchemas } from '../../apps/api/src/problem/body-schemas';
import { hostileRequests, schemaValue } from '../resilience/support/openapi-arbitraries';
import { operations, type OpenApi, type Operation } from '../resilience/support/openapi-routes';
import { exampleProposal } from './support/example-proposal';
import { startApi } from './support/api-test-app';

/**
 * The body fast path (apps/api/src/problem/body-schemas.ts) may let through only what
 * class-validator would: over bodies generated from /openapi.json — schema-shaped ones, the hostile
 * tier's mutations, and leaves swapped for values at the edges (astral characters at length limits,
 * empty and blank strings, nulls, numbers, arrays) — every body the schema accepts, class-validator
 * accepts too. And the fast path is taken: a valid proposal passes its schema.
 */
const DTOS: Record<string, new () => object> = Object.fromEntries(
  [terms, lifecycle, lists].flatMap((module) => Object.entries(module).filter(([, value]) => typeof value === 'function')) as [string, new () => object][],
);
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

async function classValidatorAccepts(type: new () => object, body: unknown): Promise<boolean> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return (await validate(plainToInstance(type, body), OPTIONS)).length === 0;
}

const edge = fc.oneof(
  fc.constantFrom('', ' ', null, 0, 1.5, -1, true, [], {}, [[]], '😀'),
  fc.integer({ min: 1, max: 1100 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 1, max: 1100 }).map((n) => 'x'.repeat(n)),
  fc.string(),
);

/** A value with one leaf (at any depth) replaced by `replacement`. */
function swapLeaf(value: unknown, pick: number, replacement: unknown): unknown {
  const leaves: Array<{ parent: Record<string | number, unknown>; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      leaves.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(key) : key });
      walk((node as Record<string, unknown>)[key]);
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (leaves.length === 0) return copy;
  const { parent, key } = leaves[pick % leaves.length];
  parent[key] = replacement;
  return copy;
}

describe('the body fast path accepts nothing class-validator refuses (issue 16)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let doc: OpenApi;
  let withBodies: Operation[];

  beforeAll(async () => {
    api = await startApi();
    doc = (await request(api.app.getHttpServer()).get('/openapi.json').expect(200)).body;
    withBodies = operations(doc).filter((op) => op.body);
  });
  afterAll(() => api.close());

  const nameOf = (op: Operation): string => {
    const ref = (doc.paths[op.path][op.method.toLowerCase()] as { requestBody: { content: Record<string, { schema: { $ref?: string } }> } }).requestBody.content['application/json']?.schema.$ref ?? '';
    return ref.replace('#/components/schemas/', '');
  };

  it('has a DTO class and a compiled schema for every JSON body the api takes', () => {
    expect(withBodies.length).toBeGreaterThan(15);
    const missing = withBodies.map(nameOf).filter((name) => !DTOS[name] || registeredBodySchemas()?.accepts(name, {}) === undefined);
    expect(missing).toEqual([]);
  });

  it('takes the fast path for a valid proposal', () => {
    expect(registeredBodySchemas()!.accepts('ProposeDesignationDto', exampleProposal())).toBe(true);
  });

  it('counts string lengths as class-validator does: in code points, an astral character as one', async () => {
    // statementOfReasons may hold 10,000: 10,000 astral characters are 20,000 UTF-16 code units.
    for (const [count, valid] of [[10_000, true], [10_001, false], [5_001, true]] as const) {
      const body = { ...exampleProposal(), statementOfReasons: '😀'.repeat(count) };
      expect([count, await classValidatorAccepts(DTOS.ProposeDesignationDto, body), registeredBodySchemas()!.accepts('ProposeDesignationDto', body)]).toEqual([count, valid, valid]);
    }
  });

  it('over generated bodies, accepts none that class-validator refuses', async () => {
    const schemas = registeredBodySchemas()!;
    let checked = 0;
    let fast = 0;
    const disagreements: string[] = [];
    for (const op of withBodies) {
      const name = nameOf(op);
      const type = DTOS[name];
      const shaped = schemaValue(doc, op.body!);
      const bodies = fc.oneof(
        shaped,
        fc.tuple(shaped, fc.nat(), edge).map(([value, pick, replacement]) => swapLeaf(value, pick, replacement)),
        hostileRequests(doc, op, { id: ['x'], exemptionId: ['x'], ministry: ['x'], deliveryId: ['x'], batchId: ['x'], candidateId: ['x'], releaseHash: ['x'] })
          .map((r) => {
            try {
              return r.payload === undefined ? undefined : JSON.parse(r.payload);
            } catch {
              return undefined;
            }
          }),
      );
      for (const body of fc.sample(bodies, { numRuns: 300, seed: 42 })) {
        if (body === undefined) continue;
        checked++;
        if (schemas.accepts(name, body) !== true) continue;
        fast++;
        if (!(await classValidatorAccepts(type, body))) disagreements.push(`${name}: ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
    console.log(`body-schemas: operations=${withBodies.length} bodies=${checked} fast-path=${fast} disagreements=${disagreements.length}`);
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(fast).toBeGreaterThan(0);
  }, 120_000);
});
