import { Controller, Get, Header, Headers, Inject, NotFoundException, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { buildBundle, renderBundleHtml, type BundleVersion, type PublicJwk } from '@app/audit';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLogService, AccessPurposeQuery, RequestId } from './access-log.service';
import { designationStream } from '@app/domain';
import { CLOCK } from '../designations/designations.tokens';
import { ApiDesignationId } from '../openapi/command-responses';
import { ApiReadErrors, CODES } from '../openapi/problem-responses';
import { TAGS } from '../openapi/tags';
import { AUDIT_BUNDLE_SCHEMA } from './bundle.schema';
import { BundleSigning } from './bundle-signing';

const JWKS = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kty', 'crv', 'x', 'kid', 'alg', 'use'],
        properties: {
          kty: { type: 'string', enum: ['OKP'] },
          crv: { type: 'string', enum: ['Ed25519'] },
          x: { type: 'string', description: 'The public key, base64url' },
          kid: { type: 'string' },
          alg: { type: 'string', enum: ['EdDSA'] },
          use: { type: 'string', enum: ['sig'] },
        },
      },
    },
  },
};

export class AuditTrailQuery extends AccessPurposeQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The tree size of a checkpoint you already hold: the bundle then carries a consistency proof from it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  since?: number;

  @ApiPropertyOptional({
    type: 'integer',
    enum: [1, 2],
    default: 2,
    description: 'Bundle format: 2 (default) proves every event with one multiproof; 1, for verifiers written against it, carries an inclusion proof per event',
  })
  @IsOptional()
  @Type(() => Number)
  @IsIn([1, 2])
  format?: BundleVersion;
}

/** Court bundles: audit trails that prove themselves, and the keys that signed them. */
@ApiTags(TAGS.audit.name)
@Controller()
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly signing: BundleSigning,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get('.well-known/jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ operationId: 'getCheckpointKeys', summary: 'The keys that sign checkpoints of the log (JWKS)', security: [] })
  @ApiOkResponse({ description: 'The Ed25519 keys (current and retired, by `kid`) that sign checkpoints of the log', schema: JWKS })
  @ApiReadErrors({ from: 'log', public: true })
  jwks(): Promise<{ keys: PublicJwk[] }> {
    return this.signing.jwks();
  }

  @Get('designations/:id/audit-trail')
  @ApiBearerAuth()
  @Roles('court', 'senior_official')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    description:
      'A self-contained bundle: every event with full metadata and its hash chain, proof of their inclusion in the latest signed checkpoint (one multiproof; with `format=1` an inclusion proof per event), the checkpoint, and with `since` a consistency proof. Verify it offline with `npx sanctions-verify`.',
    schema: AUDIT_BUNDLE_SCHEMA,
  })
  @ApiOperation({
    operationId: 'getAuditTrail',
    summary: 'A court bundle: the audit trail of a designation that proves itself',
    description: 'JSON for API clients; HTML (the same bundle as a document, with the timeline and the root hash to quote) when `Accept` prefers `text/html`. Every read is recorded in the access log; courts give `purpose`. 503 `AUDIT.NO_CHECKPOINT` until the first checkpoint is signed (within a minute of the first events).',
  })
  @ApiDesignationId()
  @ApiProduces('application/json', 'text/html')
  @ApiReadErrors({
    from: 'log',
    invalid: [CODES.request, CODES.query, CODES.purpose, 'INPUT.SINCE_OUT_OF_RANGE'],
    notFound: [CODES.designationNotFound],
    unavailable: ['AUDIT.NO_CHECKPOINT'],
  })
  async auditTrail(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: AuditTrailQuery,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ) {
    const { streamExists } = await this.store.readStream(designationStream(id), { maxCount: 1 });
    if (!streamExists) throw new NotFoundException({ message: `No designation ${id}`, code: 'DESIGNATION.NOT_FOUND' });
    await this.accessLog.record(principal, 'audit-trail', id, query.purpose, requestId);
    const bundle = await buildBundle(this.store, designationStream(id), { since: query.since, format: query.format, keys: (await this.signing.jwks()).keys, signer: this.signing.signer, now: this.clock });
    if (!prefersHtml(accept)) return bundle;
    // For judges: the same bundle as a document, with the timeline and the root hash to quote.
    reply.header('content-type', 'text/html; charset=utf-8');
    return renderBundleHtml(bundle);
  }
}

/** True when the client asks for HTML before JSON (a browser); false for API clients and any-type requests. */
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}
