import { Inject, Injectable } from '@nestjs/common';
import { ReadModelReader, type DesignationSort } from '@app/read-models';
import type { ConsistencyQuery, ListDesignationsQuery, ListExemptionsQuery } from './read-model.queries.dto';
import { DEFAULT_PAGE_SIZE } from './read-model.queries.dto';

export const READ_MODEL_READER = Symbol('READ_MODEL_READER');

/** How long a read may wait for the read models to reach a write the caller has made. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

@Injectable()
export class ReadModelsService {
  constructor(@Inject(READ_MODEL_READER) readonly reader: ReadModelReader) {}

  async consistentWith(query: ConsistencyQuery): Promise<void> {
    if (query.minPosition !== undefined) await this.reader.waitFor(query.minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
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
