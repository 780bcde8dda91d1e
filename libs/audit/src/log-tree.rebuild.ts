import { hasLogTree, type EventStore } from '@app/event-store';
import { eventLeaf } from './checkpointer';
import { LogTreeWriter } from './log-tree.writer';
import { MerkleAccumulator } from './merkle.accumulator';

const PAGE = 1_000;

/**
 * Forgets the log's written tree and writes it again from the log, as the checkpointer would: what
 * to run when a bundle was refused because the written tree no longer gives a signed root (a damaged
 * table) while the log still does. Returns the leaves written; undefined for a store that keeps no
 * written tree (bundles then read the whole log). A checkpointer running meanwhile goes on from
 * whatever this one has written.
 */
export async function rebuildLogTree(store: EventStore): Promise<number | undefined> {
  if (!hasLogTree(store)) return undefined;
  const written = store.logTree();
  await written.reset();
  const writer = await LogTreeWriter.open(written, await store.logId());
  const tree = new MerkleAccumulator();
  for (let from = 0, read = PAGE; read === PAGE; ) {
    read = 0;
    for await (const event of store.readAll({ fromPosition: from, maxCount: PAGE })) {
      const index = tree.size;
      const leaf = eventLeaf(event);
      tree.append(leaf, writer.completes(index));
      writer.appended(index, event.position, leaf, tree);
      from = event.position + 1;
      read += 1;
    }
    if (!(await writer.flush(tree, read < PAGE))) throw new Error('The written tree was reset by someone else while it was rebuilt: run again');
  }
  return tree.size;
}
