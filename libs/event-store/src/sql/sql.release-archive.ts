import type { ArchivedPart, ListReleasesOptions, ReleaseArchive, ReleaseFile, ReleaseManifest } from '../release-archive.port';
import {
  checkListOptions,
  checkRelease,
  SHA256_HEX,
  sameRelease,
  unknownCursor,
  verifyManifest,
  verifyPart,
  type ReleaseDescription,
} from '../release-archive.check';
import type { SqlExecutor, SqlQueryable } from './sql-executor';

interface ManifestRow {
  release_hash: string;
  format: string;
  source: string;
  release_date: string;
  parts: ArchivedPart[];
  listings: number | string;
  stored_at: string;
}

const MANIFEST_COLUMNS = `release_hash, format, source, release_date, parts, listings,
  to_char(stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stored_at`;

const toManifest = (row: ManifestRow): ReleaseManifest =>
  verifyManifest(row.release_hash, {
    releaseHash: row.release_hash,
    format: row.format,
    source: row.source,
    releaseDate: row.release_date,
    parts: row.parts,
    listings: Number(row.listings),
    storedAt: row.stored_at,
  });

/**
 * The release archive in the event store's own database (migration 3), on the store's executor:
 * no pool of its own. Rows are only ever inserted (ON CONFLICT DO NOTHING), never updated or
 * deleted. Bytes travel as hex text (decode/encode in SQL): the same on the wire as pg's bytea
 * text format, and about ten times faster than PGlite's own bytea (de)serialisation.
 */
export function createSqlReleaseArchive(executor: SqlExecutor): ReleaseArchive {
  const readManifest = async (sql: SqlQueryable, releaseHash: string): Promise<ReleaseManifest | undefined> => {
    const [row] = await sql.query<ManifestRow>(`SELECT ${MANIFEST_COLUMNS} FROM event_store.release_manifests WHERE release_hash = $1`, [releaseHash]);
    return row ? toManifest(row) : undefined;
  };

  async function put(description: ReleaseDescription, files: readonly ReleaseFile[]): Promise<ReleaseManifest> {
    const { manifest, files: checked } = checkRelease(description, files);
    // Stored already: nothing is sent again.
    const stored = await readManifest(executor, manifest.releaseHash);
    if (stored) return sameRelease(stored, manifest);
    return executor.transaction(async (tx) => {
      for (const file of checked) {
        // A part may already be stored, by another release that shares the file.
        const [present] = await tx.query<{ one: number }>('SELECT 1 AS one FROM event_store.release_parts WHERE sha256 = $1', [file.sha256]);
        if (present) continue;
        await tx.query(
          `INSERT INTO event_store.release_parts (sha256, bytes, byte_length) VALUES ($1, decode($2, 'hex'), $3::bigint)
           ON CONFLICT (sha256) DO NOTHING`,
          [file.sha256, file.bytes.toString('hex'), String(file.bytes.byteLength)],
        );
      }
      const [inserted] = await tx.query<ManifestRow>(
        `INSERT INTO event_store.release_manifests (release_hash, format, source, release_date, parts, listings)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::integer)
         ON CONFLICT (release_hash) DO NOTHING
         RETURNING ${MANIFEST_COLUMNS}`,
        [manifest.releaseHash, manifest.format, manifest.source, manifest.releaseDate, JSON.stringify(manifest.parts), manifest.listings],
      );
      if (inserted) return toManifest(inserted);
      // Another writer stored it in the meantime; under READ COMMITTED this statement sees its commit.
      return sameRelease((await readManifest(tx, manifest.releaseHash))!, manifest);
    });
  }

  async function files(releaseHash: string): Promise<ReleaseFile[] | undefined> {
    if (typeof releaseHash !== 'string' || !SHA256_HEX.test(releaseHash)) return undefined;
    const manifest = await readManifest(executor, releaseHash);
    if (!manifest) return undefined;
    const rows = await executor.query<{ sha256: string; hex: string }>(
      `SELECT sha256, encode(bytes, 'hex') AS hex FROM event_store.release_parts
       WHERE sha256 IN (SELECT value->>'sha256' FROM jsonb_array_elements($1::jsonb))`,
      [JSON.stringify(manifest.parts)],
    );
    const bytes = new Map(rows.map((row) => [row.sha256, Buffer.from(row.hex, 'hex')]));
    return manifest.parts.map((part) => verifyPart(releaseHash, part, bytes.get(part.sha256)));
  }

  async function list(options?: ListReleasesOptions): Promise<ReleaseManifest[]> {
    const { limit, before } = checkListOptions(options);
    if (before !== undefined) {
      const [known] = await executor.query<{ one: number }>('SELECT 1 AS one FROM event_store.release_manifests WHERE release_hash = $1', [before]);
      if (!known) throw unknownCursor(before);
    }
    const rows = await executor.query<ManifestRow>(
      `SELECT ${MANIFEST_COLUMNS} FROM event_store.release_manifests
       WHERE $1::text IS NULL
          OR (stored_at, release_hash) < (SELECT c.stored_at, c.release_hash FROM event_store.release_manifests c WHERE c.release_hash = $1::text)
       ORDER BY stored_at DESC, release_hash DESC
       LIMIT $2::integer`,
      [before ?? null, limit],
    );
    return rows.map(toManifest);
  }

  return {
    put,
    manifest: async (releaseHash) => (typeof releaseHash === 'string' && SHA256_HEX.test(releaseHash) ? readManifest(executor, releaseHash) : undefined),
    files,
    list,
    // The connection belongs to the event store, which closes it.
    close: async () => undefined,
  };
}
