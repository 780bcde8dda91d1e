import type { Actor } from '@app/domain';
import type { ReleaseManifest } from '@app/event-store';
import { ImportErrorCode, refuse } from './import.errors';
import type { ReleaseInfo } from './list.events';

/** `orService`: the service itself may do it too (a partner release fetched on schedule). */
export function requireOfficial(actor: Actor, { orService = false } = {}): void {
  if (!actor.roles.some((role) => role === 'official' || role === 'senior_official' || (orService && role === 'system'))) {
    refuse(ImportErrorCode.RoleRequired, 'This needs the role official or senior_official', { required: ['official', 'senior_official'] });
  }
}

export function releaseInfo(manifest: ReleaseManifest): ReleaseInfo {
  return {
    releaseHash: manifest.releaseHash,
    releaseDate: manifest.releaseDate,
    format: manifest.format,
    source: manifest.source,
    parts: manifest.parts.map(({ role, sha256, bytes }) => ({ role, sha256, bytes })),
    listings: manifest.listings,
  };
}
