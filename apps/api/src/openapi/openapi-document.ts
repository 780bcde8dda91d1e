import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { TAGS } from './tags';

const DESCRIPTION = [
  'Designation, escalation, exemptions, review, rollback, lifting and expiry of cyber sanctions, recorded as an append-only log of events.',
  '',
  '- **Authentication**: a bearer JWT whose `roles` claim names the caller\'s roles (`official`, `senior_official`, `reviewer`, `court`). `/public/*`, `/health/*` and `/.well-known/*` need none.',
  '- **Commands** answer a receipt `{ id, revision, position }` and the revision as ETag. Send `If-Match: "<revision>"` to refuse a change based on a stale read (412), and `Idempotency-Key` to make a retry safe.',
  '- **Read models** (lists, registers, reviews) are eventually consistent: pass a receipt\'s `position` as `minPosition` to read your own writes.',
  '- **Errors** are `application/problem+json` (RFC 9457) with a stable `code` (e.g. `DESIGNATION.NOT_ACTIVE`) to branch on; each operation lists the statuses and codes it can answer.',
].join('\n');

/**
 * The OpenAPI document, generated from the controllers' decorators: one tag per area, the problem
 * schema and bearer security declared once, this deployment as the server.
 */
export function openApiDocument(app: INestApplication, config: Pick<AppConfig, 'publicBaseUrl' | 'registerAuthority'>): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Sanctions Lifecycle Service')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer(config.publicBaseUrl, 'This deployment (PUBLIC_BASE_URL)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT whose `roles` claim names the caller\'s roles' }, 'bearer')
    // Secure by default, as the AuthGuard is: an operation that declares nothing needs a token.
    .addSecurityRequirements('bearer');
  for (const tag of Object.values(TAGS)) builder.addTag(tag.name, tag.description);
  const base = builder.build();
  // The authority that runs this deployment answers for it (DocumentBuilder would insist on an email).
  base.info.contact = { name: config.registerAuthority, url: config.publicBaseUrl };
  // Tags come from TAGS only: Nest would otherwise add one per controller class name (`ReadModels`).
  return SwaggerModule.createDocument(app, base, { autoTagControllers: false });
}
