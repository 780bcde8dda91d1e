/** The parts of the service's own /openapi.json these tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  /** `POST /designations/{id}/approve`: the key of ROUTE_ROLES. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, `$ref`s resolved at the top. */
  body?: Schema;
}

export const ROLES = ['official', 'senior_official', 'reviewer', 'court'] as const;
export type Role = (typeof ROLES)[number];
const READERS: Role[] = ['official', 'senior_official', 'reviewer', 'court'];

/**
 * Who may call each route, written from DOMAIN.md ("Who uses it") and checked against the
 * controllers' @Roles: `public` needs no token. A route missing here fails the role matrix, so a new
 * route must declare its roles. Notes where the code goes beyond DOMAIN.md's one-line summaries:
 * senior officials may also do an official's corrective work (withdraw, amend, grant and revoke
 * exemptions) but not propose, notify or record representations; anyone working the record reads it,
 * while full streams, audit trails and point-in-time states are for those who answer for the record.
 */
export const ROUTE_ROLES: Record<string, Role[] | 'public'> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /.well-known/jwks.json': 'public',
  'GET /public/register': 'public',
  'GET /public/register.ftm.jsonl': 'public',
  'GET /public/register/{id}': 'public',
  'GET /public/changes': 'public',
  'POST /designations': ['official'],
  'POST /designations/{id}/approve': ['senior_official'],
  'POST /designations/{id}/reject': ['senior_official'],
  'POST /designations/{id}/withdraw': ['official', 'senior_official'],
  'POST /designations/{id}/escalations': ['senior_official'],
  'POST /designations/{id}/exemptions': ['official', 'senior_official'],
  'POST /designations/{id}/exemptions/{exemptionId}/revoke': ['official', 'senior_official'],
  'POST /designations/{id}/notifications': ['official'],
  'POST /designations/{id}/representations': ['official'],
  'POST /designations/{id}/reviews': ['reviewer'],
  'POST /designations/{id}/rollbacks': ['senior_official'],
  'POST /designations/{id}/sunset-extensions': ['senior_official'],
  'POST /designations/{id}/lift': ['senior_official'],
  'POST /designations/{id}/court-orders': ['court'],
  'POST /designations/{id}/amendments': ['official', 'senior_official'],
  'GET /designations': READERS,
  'GET /designations/{id}': READERS,
  'GET /designations/{id}/events': ['senior_official', 'court'],
  'GET /designations/{id}/audit-trail': ['senior_official', 'court'],
  'GET /designations/{id}/state': ['senior_official', 'court'],
  'GET /exemptions': READERS,
  'GET /reviews/due': READERS,
  'GET /ministries/{ministry}/reminders': ['reviewer'],
  'GET /deliveries/dead-letters': ['senior_official'],
  'POST /deliveries/{deliveryId}/replay': ['senior_official'],
  // Official lists (issue 15): officials upload and prepare, a senior official approves (four eyes).
  'POST /lists/releases': ['official', 'senior_official'],
  'GET /lists/releases': ['official', 'senior_official'],
  'GET /lists/releases/{releaseHash}': ['official', 'senior_official'],
  'GET /lists': ['official', 'senior_official'],
  'POST /imports': ['official', 'senior_official'],
  'GET /imports/{batchId}': ['official', 'senior_official'],
  'GET /imports/{batchId}/entries': ['official', 'senior_official'],
  'POST /imports/{batchId}/approve': ['senior_official'],
  'POST /imports/{batchId}/reject': ['senior_official'],
  'POST /partners/releases': ['official', 'senior_official'],
  'GET /alignment/candidates': ['official', 'senior_official'],
  'POST /alignment/candidates/{candidateId}/proposal': ['official'],
  'POST /alignment/candidates/{candidateId}/dismissal': ['official', 'senior_official'],
};

/** The ministry every reviewer token in these tests belongs to (reminders are read per ministry). */
export const MINISTRY = 'foreign-affairs';

export async function readOpenApi(baseUrl: string): Promise<OpenApi> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApi;
}

/** Follows a `#/components/schemas/X` reference; throws on one that leads nowhere (an empty `$ref` once did). */
export function resolve(doc: OpenApi, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components.schemas[name];
  if (!name || !found) throw new Error(`Unresolvable $ref "${schema.$ref}" in /openapi.json`);
  return found;
}

export function operations(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const schema = operation.requestBody?.content['application/json']?.schema;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        ...(schema ? { body: resolve(doc, schema) } : {}),
      };
    }),
  );
}

/** Every `$ref` anywhere in the document, so a broken one is found even where no test walks. */
export function allRefs(doc: OpenApi): string[] {
  const refs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  return refs;
}
