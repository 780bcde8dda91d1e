import type { SqlExecutor } from './sql-executor';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Append-only list: never edit an applied migration, add the next version.
 *
 * `position` is not a sequence value: it is the appending transaction's 64-bit id (xid8) shifted
 * left 16 bits, plus the event's index in its append. Readers return only events of transactions
 * older than the oldest one still running (`pg_snapshot_xmin(pg_current_snapshot())`), so a position
 * can never appear after a higher one has been read: see postgres.event-store.ts.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create events',
    sql: `
      CREATE TABLE event_store.events (
        position     bigint      NOT NULL,
        stream_name  text        NOT NULL,
        revision     bigint      NOT NULL CHECK (revision >= 0),
        event_id     uuid        NOT NULL,
        type         text        NOT NULL,
        data         jsonb       NOT NULL,
        metadata     jsonb       NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_pkey PRIMARY KEY (position),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_name, revision),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      );

      -- One append in one statement (so one round trip, one transaction): lock the stream, check
      -- that its head is still the one the caller linked the new events onto, insert them. A moved
      -- head is returned instead, for the caller to re-check its expected revision and re-link.
      -- VOLATILE, so the head is read with a fresh snapshot taken after the lock is granted.
      CREATE FUNCTION event_store.append_events(p_stream text, p_head bigint, p_head_hash text, p_events jsonb)
      RETURNS TABLE (appended boolean, head_revision bigint, head_hash text, last_position bigint)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_revision bigint;
        v_hash text;
        v_base bigint;
        v_count integer := jsonb_array_length(p_events);
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
        SELECT e.revision, coalesce(e.metadata->>'hash', '') INTO v_revision, v_hash
          FROM event_store.events e WHERE e.stream_name = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF v_revision IS DISTINCT FROM p_head OR v_hash IS DISTINCT FROM p_head_hash THEN
          RETURN QUERY SELECT false, v_revision, v_hash, NULL::bigint;
          RETURN;
        END IF;
        v_base := pg_current_xact_id()::text::bigint << 16;
        INSERT INTO event_store.events (position, stream_name, revision, event_id, type, data, metadata)
        SELECT v_base + e.ordinality - 1, p_stream, coalesce(p_head, -1) + e.ordinality,
               (e.value->>'eventId')::uuid, e.value->>'type', e.value->'data', e.value->'metadata'
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e;
        RETURN QUERY SELECT true, coalesce(p_head, -1) + v_count, NULL::text, v_base + v_count - 1;
      END
      $fn$;
    `,
  },
  {
    version: 2,
    name: 'log identity',
    sql: `
      -- One row, made with the store and never changed: what read models, schedules and
      -- checkpoints derived from this log record, so that they are never served for another.
      CREATE TABLE event_store.log_identity (
        one        boolean     PRIMARY KEY DEFAULT true CHECK (one),
        log_id     uuid        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO event_store.log_identity (log_id) VALUES (gen_random_uuid());
    `,
  },
  {
    version: 3,
    name: 'release archive',
    sql: `
      -- The official list release files the log's events cite (issue 15), content-addressed: each
      -- part's exact bytes under their SHA-256, each release's manifest under its release hash.
      -- Rows are only inserted (ON CONFLICT DO NOTHING), never updated or deleted; a manifest is
      -- inserted in the transaction that inserts its parts. See sql/sql.release-archive.ts.
      CREATE TABLE event_store.release_parts (
        sha256      text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        bytes       bytea       NOT NULL,
        byte_length bigint      NOT NULL CHECK (byte_length >= 0),
        stored_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE event_store.release_manifests (
        release_hash text        PRIMARY KEY CHECK (release_hash ~ '^[0-9a-f]{64}$'),
        format       text        NOT NULL,
        source       text        NOT NULL,
        release_date text        NOT NULL,
        parts        jsonb       NOT NULL,
        listings     integer     NOT NULL CHECK (listings >= 0),
        stored_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX release_manifests_newest ON event_store.release_manifests (stored_at DESC, release_hash DESC);
    `,
  },
  {
    version: 4,
    name: 'log tree',
    sql: `
      -- The Merkle tree of the log (issue 16), as the checkpointer folds it in global order: each
      -- event's leaf (its index in the tree, its position, its leaf hash) and every complete interior
      -- node (level >= 1, index within its level). Derived data: rebuilt from the log whenever it no
      -- longer matches (TRUNCATE and fold again), and checked against a signed root before any use.
      -- log_tree_state says how many leaves are written, and of which log. See sql/sql.log-tree.ts.
      CREATE TABLE event_store.log_tree_leaves (
        leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
        position   bigint NOT NULL UNIQUE,
        hash       bytea  NOT NULL CHECK (length(hash) = 32)
      );
      CREATE TABLE event_store.log_tree_nodes (
        level      smallint NOT NULL CHECK (level >= 1),
        node_index bigint   NOT NULL CHECK (node_index >= 0),
        hash       bytea    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, node_index)
      );
      CREATE TABLE event_store.log_tree_state (
        one    boolean PRIMARY KEY DEFAULT true CHECK (one),
        log_id uuid    NOT NULL,
        size   bigint  NOT NULL CHECK (size >= 0)
      );
    `,
  },
];

export interface MigrationReport {
  applied: number[];
  current: number;
}

/**
 * Idempotent and safe to run from several processes at once: a transaction-scoped advisory lock
 * serializes runners, and each migration commits together with its row in event_store.migrations.
 */
export async function migrate(executor: SqlExecutor, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  return executor.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('event_store.migrate', 0))`);
    await tx.exec(`
      CREATE SCHEMA IF NOT EXISTS event_store;
      CREATE TABLE IF NOT EXISTS event_store.migrations (
        version    integer     PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    const rows = await tx.query<{ version: number }>('SELECT version FROM event_store.migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO event_store.migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    const current = Math.max(0, ...done, ...applied);
    return { applied, current };
  });
}
