import type { EventStore } from '@app/event-store';
import type { ReferenceIndex } from './list-context';
import type { ReadModelReader } from '@app/read-models';

/** How long a partner release waits for the read models to reach the log before it is refused (503, retry). */
const CATCH_UP_MS = 10_000;
const PAGE = 200;

/**
 * Which designations cite a reference, from the consolidated list's `reference` facet (derived, in
 * Redis). Used only to find whom to tell: the designation's decider checks each against the log.
 */
export class ReadModelReferenceIndex implements ReferenceIndex {
  constructor(
    private readonly reader: ReadModelReader,
    private readonly store: EventStore,
  ) {}

  async ready(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== null) await this.reader.waitFor(head, CATCH_UP_MS);
  }

  async designationsReferencing(reference: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.reader.designations({ reference, limit: PAGE, cursor });
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }
}
