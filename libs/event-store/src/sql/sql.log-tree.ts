import { toSafeInteger } from '../expected-revision';
import { nodeKey, type LogTreeAppend, type LogTreeState, type LogTreeStore } from '../log-tree.port';
import type { SqlExecutor } from './sql-executor';

const hex = (hash: Uint8Array): string => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
/** A list of scalars as one text parameter, split in SQL (string_to_array): one parameter however long. */
const list = (values: readonly (number | string)[]): string => values.join(',');

/**
 * The log's tree in the event store's own database (migration 4), on the store's executor. Hashes
 * travel as hex (decode/encode in SQL), batches as comma-separated lists unnested in SQL, so a batch
 * of a thousand leaves is three statements whatever the driver. Reads look each row up by its key
 * (a subquery per key, not a join the planner could answer by scanning a table of a million rows),
 * so a bundle's reads stay O(k log n) however long the log.
 */
export function createSqlLogTree(executor: SqlExecutor): LogTreeStore {
  async function state(): Promise<LogTreeState | undefined> {
    const [row] = await executor.query<{ log_id: string; size: string | number }>('SELECT log_id, size FROM event_store.log_tree_state');
    return row ? { logId: row.log_id, size: toSafeInteger(row.size, 'log tree size') } : undefined;
  }

  async function append({ logId, fromSize, leaves, nodes }: LogTreeAppend): Promise<boolean> {
    return executor.transaction(async (tx) => {
      const [row] = await tx.query<{ log_id: string; size: string | number }>('SELECT log_id, size FROM event_store.log_tree_state FOR UPDATE');
      const at = row ? { logId: row.log_id, size: Number(row.size) } : { logId, size: 0 };
      if (at.logId !== logId || at.size !== fromSize) return false;
      if (leaves.length > 0) {
        // Rows past the state's size are leftovers of a batch never acknowledged: overwritten.
        await tx.query(
          `INSERT INTO event_store.log_tree_leaves (leaf_index, position, hash)
           SELECT i, p, decode(h, 'hex') FROM unnest(string_to_array($1, ',')::bigint[], string_to_array($2, ',')::bigint[], string_to_array($3, ',')) AS t(i, p, h)
           ON CONFLICT (leaf_index) DO UPDATE SET position = excluded.position, hash = excluded.hash`,
          [list(leaves.map((l) => l.index)), list(leaves.map((l) => l.position)), list(leaves.map((l) => hex(l.hash)))],
        );
      }
      if (nodes.length > 0) {
        await tx.query(
          `INSERT INTO event_store.log_tree_nodes (level, node_index, hash)
           SELECT l, i, decode(h, 'hex') FROM unnest(string_to_array($1, ',')::smallint[], string_to_array($2, ',')::bigint[], string_to_array($3, ',')) AS t(l, i, h)
           ON CONFLICT (level, node_index) DO UPDATE SET hash = excluded.hash`,
          [list(nodes.map((n) => n.level)), list(nodes.map((n) => n.index)), list(nodes.map((n) => hex(n.hash)))],
        );
      }
      await tx.query(
        `INSERT INTO event_store.log_tree_state (one, log_id, size) VALUES (true, $1, $2::bigint)
         ON CONFLICT (one) DO UPDATE SET log_id = excluded.log_id, size = excluded.size`,
        [logId, String(fromSize + leaves.length)],
      );
      return true;
    });
  }

  async function streamLeaves(stream: string): Promise<Map<number, number>> {
    const rows = await executor.query<{ position: string | number; leaf_index: string | number }>(
      `SELECT e.position, (SELECT l.leaf_index FROM event_store.log_tree_leaves l WHERE l.position = e.position) AS leaf_index
       FROM event_store.events e WHERE e.stream_name = $1`,
      [stream],
    );
    return new Map(rows.flatMap((r) => (r.leaf_index === null ? [] : [[toSafeInteger(r.position, 'position'), toSafeInteger(r.leaf_index, 'leaf index')] as const])));
  }

  async function nodes(keys: readonly { level: number; index: number }[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    const leaves = keys.filter((k) => k.level === 0).map((k) => k.index);
    const inner = keys.filter((k) => k.level > 0);
    if (leaves.length > 0) {
      const rows = await executor.query<{ leaf_index: string | number; hash: string }>(
        `SELECT leaf_index, encode(hash, 'hex') AS hash FROM event_store.log_tree_leaves WHERE leaf_index = ANY (string_to_array($1, ',')::bigint[])`,
        [list(leaves)],
      );
      for (const r of rows) found.set(nodeKey(0, Number(r.leaf_index)), bytes(r.hash));
    }
    if (inner.length > 0) {
      const rows = await executor.query<{ level: number; node_index: string | number; hash: string | null }>(
        `SELECT k.l AS level, k.i AS node_index,
                (SELECT encode(n.hash, 'hex') FROM event_store.log_tree_nodes n WHERE n.level = k.l AND n.node_index = k.i) AS hash
         FROM unnest(string_to_array($1, ',')::smallint[], string_to_array($2, ',')::bigint[]) AS k(l, i)`,
        [list(inner.map((k) => k.level)), list(inner.map((k) => k.index))],
      );
      for (const r of rows) if (r.hash !== null) found.set(nodeKey(Number(r.level), Number(r.node_index)), bytes(r.hash));
    }
    return found;
  }

  async function reset(): Promise<void> {
    await executor.transaction(async (tx) => {
      await tx.query('TRUNCATE event_store.log_tree_leaves, event_store.log_tree_nodes, event_store.log_tree_state');
    });
  }

  return { state, append, streamLeaves, nodes, reset };
}
