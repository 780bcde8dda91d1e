/** An event as the domain sees it: a type and a JSON-compatible data object. */
export interface DomainEvent {
  type: string;
  data: object;
}

/** Who acts, as recorded in every event's metadata. */
export interface Actor {
  id: string;
  roles: readonly string[];
}

/**
 * A command as every decider of this service receives it: what is asked (`type`, `data`) and, once,
 * who asks and when (`metadata`). The handler records exactly this actor and time; nothing else
 * passes them a second time.
 */
export interface Command {
  type: string;
  data: object;
  metadata: { now: string; actor: Actor };
}

/** The domain as three functions (no I/O, no clock): decide throws a domain error or returns events. */
export interface Decider<C, Event extends DomainEvent, State> {
  decide(command: C, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
