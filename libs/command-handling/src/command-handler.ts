import type { EventStore, StreamRevision } from '@app/event-store';
import type { Command, Decider, DomainEvent } from './decider';
import { handleCommand, type CommandOptions, type HandleCommandResult } from './handle-command';
import { handleCommands } from './handle-commands';

/** A decider bound to its store and its stream naming: the one way commands of that decider are run. */
export interface CommandHandler<C extends Command, Event extends DomainEvent, State> {
  handle(command: C, options: CommandOptions): Promise<HandleCommandResult<Event>>;
  /**
   * Many commands at once (see handleCommands): each settles as `handle` would settle it, in the
   * order given. Optional, so that a handler wrapping another (timing, metrics) need not offer it:
   * its callers then run the commands one by one through `handle`.
   */
  handleMany?(requests: readonly { command: C; options: CommandOptions }[]): Promise<PromiseSettledResult<HandleCommandResult<Event>>[]>;
  /** The state of one subject (by its id) folded by the decider, with its last revision; undefined if it has no events. */
  load(id: string): Promise<{ state: State; revision: StreamRevision } | undefined>;
}

/** How a decider's subjects map to streams: each subject's id, and the stream it lives in. */
export interface StreamNaming<C> {
  idOf(command: C): string;
  stream(id: string): string;
}

/**
 * Binds store × stream naming × decider once (per process, where the store is opened), so that
 * every caller — an HTTP route, a deadline job, a webhook delivery — runs commands the same way.
 */
export function commandHandler<C extends Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<C, Event, State>,
  naming: StreamNaming<C>,
): CommandHandler<C, Event, State> {
  return {
    handle: (command, options) => handleCommand(store, naming.stream(naming.idOf(command)), command, decider, options),
    handleMany: (requests) => handleCommands(store, decider, requests.map(({ command, options }) => ({ stream: naming.stream(naming.idOf(command)), command, options }))),
    async load(id) {
      const { events } = await store.readStream(naming.stream(id));
      if (events.length === 0) return undefined;
      const state = events.reduce((current, event) => decider.evolve(current, { type: event.type, data: event.data } as unknown as Event), decider.initialState());
      return { state, revision: events[events.length - 1].revision };
    },
  };
}
