import type { EventStore } from './event-store.port';
import { createFileReleaseArchive } from './file-release-archive';
import type { HasReleaseArchive, ReleaseArchive } from './release-archive.port';

export function hasReleaseArchive(store: EventStore): store is EventStore & HasReleaseArchive {
  return typeof (store as Partial<HasReleaseArchive>).releaseArchive === 'function';
}

/**
 * The release archive that goes with an opened store: the PostgreSQL and PGlite stores keep it in
 * their own database, on their own connection (release_parts, release_manifests; closed with the
 * store); a store without one (EventStoreDB) gets one on the filesystem under `fallbackDir`, e.g.
 * `DATA_DIR/release-archive`. Without `fallbackDir` such a store is an error, never a silent
 * archive somewhere else.
 */
export function releaseArchiveOf(store: EventStore, fallbackDir?: string): ReleaseArchive {
  if (hasReleaseArchive(store)) return store.releaseArchive();
  if (fallbackDir === undefined) {
    throw new Error('This event store keeps no release archive of its own: pass a directory for one on the filesystem');
  }
  return createFileReleaseArchive(fallbackDir);
}
