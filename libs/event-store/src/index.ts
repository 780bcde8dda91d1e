export * from './event-store.port';
export * from './event-store.errors';
export { EventStoreUnavailableError, isConnectionFailure } from './unavailable';
export * from './json';
export { PollLoop, type PollLoopOptions } from './poll-loop';
export { canonicalize } from './jcs';
export {
  GENESIS_HASH,
  computeEventHash,
  verifyStream,
  verifyStoredStream,
  type HashInput,
  type StreamHead,
  type VerifiableEvent,
  type VerificationFailure,
  type VerificationResult,
} from './hash-chain';
export { createPostgresEventStore, postgresExecutor, type PostgresEventStoreOptions } from './postgres.event-store';
export { createPgliteEventStore, openPgliteDataDir, pgliteExecutor, type PgliteEventStoreOptions } from './pglite.event-store';
export { createEsdbEventStore, type EsdbEventStoreOptions } from './esdb.event-store';
export { openEventStore, type EventStoreConfig } from './event-store.factory';
export { migrate, MIGRATIONS, type Migration, type MigrationReport } from './sql/migrations';
export { MAX_EVENTS_PER_APPEND } from './sql/event-rows';
export { createSqlEventStore, type SqlEventStore, type SqlEventStoreOptions } from './sql/sql.event-store';
export type { SqlExecutor, SqlParam, SqlQueryable } from './sql/sql-executor';
export type { ArchivedPart, HasReleaseArchive, ListReleasesOptions, ReleaseArchive, ReleaseFile, ReleaseManifest } from './release-archive.port';
export { ReleaseConflictError, ReleaseCorruptedError, ReleaseMismatchError } from './release-archive.errors';
export { releaseHash, type HashedPart } from './release-hash';
export { hasReleaseArchive, releaseArchiveOf } from './release-archive';
export { createFileReleaseArchive } from './file-release-archive';
export { createSqlReleaseArchive } from './sql/sql.release-archive';
export { hasLogTree, nodeKey, type HasLogTree, type LogTreeAppend, type LogTreeLeaf, type LogTreeNode, type LogTreeState, type LogTreeStore } from './log-tree.port';
