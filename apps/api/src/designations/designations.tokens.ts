/** An event store handed to the api by whoever opened it (null: the api opens its own from config). */
export const GIVEN_EVENT_STORE = Symbol('GIVEN_EVENT_STORE');
/** The policy in force (libs/config's loadPolicy). */
export const SANCTIONS_POLICY = Symbol('SANCTIONS_POLICY');
/** `() => Date`: the one clock of the api, injected so tests control time. */
export const CLOCK = Symbol('CLOCK');
/** The designation's command handler, bound once to the api's store (libs/application). */
export const DESIGNATION_HANDLER = Symbol('DESIGNATION_HANDLER');
/** The reminder delivery's command handler, bound once to the api's store (libs/deadlines). */
export const DELIVERY_HANDLER = Symbol('DELIVERY_HANDLER');
