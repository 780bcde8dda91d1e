export const WORKER_REDIS = Symbol('WORKER_REDIS');
export const WORKER_POLICY = Symbol('WORKER_POLICY');
export const WORKER_CLOCK = Symbol('WORKER_CLOCK');
