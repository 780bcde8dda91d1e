import { commandHandler, type CommandHandler } from '@app/command-handling';
import type { DesignationHandler } from '@app/application';
import type { Policy } from '@app/domain';
import type { EventStore, ReleaseArchive, ReleaseManifest } from '@app/event-store';
import type { Release } from '@app/lists';
import { listStream, type ListRef } from './list-ids';
import { listDecider, type ListCommand, type ListState } from './list.decide';
import type { ListEvent } from './list.events';

export type ListHandler = CommandHandler<ListCommand, ListEvent, ListState>;

export function listHandler(store: EventStore): ListHandler {
  return commandHandler(store, listDecider, { idOf: (command) => command.data.listId, stream: listStream });
}

/** Which of our designations cite a published entry (`<source>:<id>`), from the read models; the decider checks each against the log. */
export interface ReferenceIndex {
  /** Waits until the index has caught up with the log as it is now. */
  ready(): Promise<void>;
  designationsReferencing(reference: string): Promise<string[]>;
}

export interface ImportsDependencies {
  store: EventStore;
  archive: ReleaseArchive;
  designations: DesignationHandler;
  policy: Policy;
  clock: () => Date;
  references?: ReferenceIndex;
  /** Largest file accepted, per file. */
  maxBytes?: number;
  /** By list format: the partner programs whose new listings become candidates when a release names none. */
  watchedPrograms?: Record<string, string[]>;
}

/** What partner watch shares with ListImports: its settings, the lists' handler, releases parsed from the archive. */
export interface ListContext {
  deps: ImportsDependencies;
  lists: ListHandler;
  parsed(releaseHash: string): Promise<{ manifest: ReleaseManifest; release: Release }>;
  list(list: ListRef): Promise<{ state: ListState; revision: number | 'no_stream' }>;
  now(): string;
}
