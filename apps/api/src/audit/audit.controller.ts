import { Controller, Get, Header, Headers, Inject, NotFoundException, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { buildBundle, checkpointSigner, renderBundleHtml, recordedCheckpointKeys, type CheckpointSigner, type PublicJwk } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLogService, AccessPurposeQuery, RequestId } from './access-log.service';
import { designationStream } from '@app/domain';
import { CLOCK } from '../designations/designations.tokens';

export class AuditTrailQuery extends AccessPurposeQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, description: 'The tree size of a checkpoint you already hold: the bundle then carries a consistency proof from it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  since?: number;
}

/** Court bundles: audit trails that prove themselves, and the keys that signed them. */
@Controller()
export class AuditController {
  private readonly signer: CheckpointSigner;
  private readonly configured: boolean;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accessLog: AccessLogService,
  ) {
    this.configured = config.audit.signingKeys !== undefined;
    this.signer = checkpointSigner(config.audit.signingKeys, () => undefined);
  }

  @Get('.well-known/jwks.json')
  @Public()
  @ApiTags('audit')
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({ description: 'The Ed25519 keys (current and retired, by `kid`) that sign checkpoints of the log' })
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    if (this.configured) return this.signer.jwks();
    // Development, keys made per process: those that signed checkpoints, and this process's own.
    const recorded = await recordedCheckpointKeys(this.store);
    return { keys: [...recorded.filter((k) => k.kid !== this.signer.activeKid), ...this.signer.publicJwks] };
  }

  @Get('designations/:id/audit-trail')
  @ApiTags('audit')
  @ApiBearerAuth()
  @Roles('court', 'senior_official')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    description:
      'A self-contained bundle: every event with full metadata and its hash chain, an inclusion proof of each in the latest signed checkpoint, the checkpoint, and with `since` a consistency proof. Verify it offline with `npx sanctions-verify`.',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiServiceUnavailableResponse({ description: 'No checkpoint has been issued yet (within a minute of the first events)' })
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
    const bundle = await buildBundle(this.store, designationStream(id), { since: query.since, keys: (await this.jwks()).keys, signer: this.signer, now: this.clock });
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
