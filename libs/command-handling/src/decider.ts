/** An event as the domain sees it: a type and a JSON-compatible data object. */
export interface DomainEvent {
  type: string;
  data: object;
}

/** The domain as three functions (no I/O, no clock): decide throws a domain error or returns events. */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
