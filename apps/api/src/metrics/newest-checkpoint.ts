import { CHECKPOINT_STREAM, type StoredCheckpoint } from '@app/audit';
import type { EventStore, RecordedEvent } from '@app/event-store';

/**
 * The newest signed checkpoint in the log, found without reading the whole checkpoint stream (one
 * event a minute, for years): single-event reads, doubling then halving from the revision found last
 * time, a handful of indexed reads a scrape. The revision remembered is only where to start looking;
 * the answer is always the log's (a shorter stream, after a restore, is searched again from 0).
 */
export class NewestCheckpoint {
  private from = 0;

  constructor(private readonly store: EventStore) {}

  async issuedAt(): Promise<Date | undefined> {
    const last = await this.lastEvent(this.from);
    this.from = last?.revision ?? 0;
    const issuedAt = (last?.data as unknown as StoredCheckpoint | undefined)?.checkpoint.issuedAt;
    return issuedAt ? new Date(issuedAt) : undefined;
  }

  private async lastEvent(from: number): Promise<RecordedEvent | undefined> {
    let low = await this.at(from);
    if (!low) return from === 0 ? undefined : this.lastEvent(0);
    let step = 1;
    for (let next = await this.at(low.revision + step); next; next = await this.at(low.revision + step)) {
      low = next;
      step *= 2;
    }
    // `low` exists and `high` does not: halve the gap (a stream's revisions are dense).
    let high = low.revision + step;
    while (high - low.revision > 1) {
      const mid = Math.floor((low.revision + high) / 2);
      const event = await this.at(mid);
      if (event) low = event;
      else high = mid;
    }
    return low;
  }

  private async at(revision: number): Promise<RecordedEvent | undefined> {
    return (await this.store.readStream(CHECKPOINT_STREAM, { fromRevision: revision, maxCount: 1 })).events[0];
  }
}
