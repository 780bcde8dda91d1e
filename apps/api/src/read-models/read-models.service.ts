import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ReadModelReader, type DesignationSort } from '@app/read-models';
import type { ConsistencyQuery, ListDesignationsQuery, ListExemptionsQuery } from './read-model.queries.dto';
import { DEFAULT_PAGE_SIZE } from './read-model.queries.dto';

export const READ_MODEL_READER = Symbol('READ_MODEL_READER');

/** How long a read may wait for the read models to reach a write the caller has made. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

@Injectable()
export class ReadModelsService {
  constructor(
    @Inject(READ_MODEL_READER) readonly reader: ReadModelReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Read-your-writes: waits until the read models have applied `minPosition`. A position the log
   * has not reached was never in a receipt, so it is refused at once (400) rather than waited on.
   */
  async consistentWith(query: ConsistencyQuery): Promise<void> {
    if (query.minPosition === undefined) return;
    // Usually the read models are already there: answer without asking the log.
    if (await this.reader.waitFor(query.minPosition, 0).then(() => true, () => false)) return;
    if (!(await this.isInLog(query.minPosition))) {
      throw new BadRequestException({ message: `minPosition ${query.minPosition} is beyond the end of the log: use the position of a command's receipt`, code: 'INPUT.MIN_POSITION_BEYOND_LOG' });
    }
    await this.reader.waitFor(query.minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
  }

  private async isInLog(position: number): Promise<boolean> {
    for await (const _event of this.store.readAll({ fromPosition: position, maxCount: 1 })) return true;
    return false;
  }

  async designations(query: ListDesignationsQuery) {
    await this.consistentWith(query);
    const descending = query.sort?.startsWith('-') ?? false;
    const sort = (query.sort?.replace(/^-/, '') ?? 'name') as DesignationSort;
    return this.reader.designations({
      status: query.status,
      category: query.category,
      measureType: query.measureType,
      targetKind: query.targetKind,
      country: query.country,
      instrument: query.instrument,
      reference: query.reference,
      text: query.q,
      sort,
      descending,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
  }

  async exemptions(query: ListExemptionsQuery) {
    await this.consistentWith(query);
    return this.reader.exemptions({
      status: query.status,
      kind: query.kind,
      designationId: query.designationId,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
  }
}
