import { Inject, Injectable } from '@nestjs/common';
import { checkpointSigner, recordedCheckpointKeys, type CheckpointSigner, type PublicJwk } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';

/**
 * How court bundles are signed and which keys they carry, one for the whole api: the JSON API's
 * GET /designations/{id}/audit-trail and the console's bundle page both take it, so both doors
 * sign with the same signer and list the same keys as GET /.well-known/jwks.json by construction.
 * The signer is the configured keys (AUDIT_SIGNING_KEYS), or else the development key kept in DATA_DIR.
 */
@Injectable()
export class BundleSigning {
  readonly signer: CheckpointSigner;
  private readonly configured: boolean;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.configured = config.audit.signingKeys !== undefined;
    this.signer = checkpointSigner(config.audit.signingKeys, () => undefined, config.dataDir);
  }

  /** The keys that sign checkpoints, as GET /.well-known/jwks.json lists them and a bundle carries them. */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    if (this.configured) return this.signer.jwks();
    // Development: the key kept in DATA_DIR, and any that signed this log's checkpoints before it (per-process keys of earlier versions).
    const recorded = await recordedCheckpointKeys(this.store);
    return { keys: [...recorded.filter((k) => k.kid !== this.signer.activeKid), ...this.signer.publicJwks] };
  }
}
