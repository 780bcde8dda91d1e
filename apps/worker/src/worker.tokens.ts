export const WORKER_REDIS = Symbol('WORKER_REDIS');
export const WORKER_POLICY = Symbol('WORKER_POLICY');
export const WORKER_CLOCK = Symbol('WORKER_CLOCK');
/** The designation's command handler (libs/application), bound once to the worker's store. */
export const WORKER_DESIGNATIONS = Symbol('WORKER_DESIGNATIONS');
/** The reminder delivery's command handler (libs/deadlines), bound once to the worker's store. */
export const WORKER_DELIVERIES = Symbol('WORKER_DELIVERIES');
/** The official lists' use cases (libs/imports), bound once to the worker's store, archive and read models. */
export const WORKER_LIST_IMPORTS = Symbol('WORKER_LIST_IMPORTS');
