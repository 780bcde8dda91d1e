export * from './system-commands';
export * from './webhook';
export * from './delivery';
export * from './delivery.decide';
export * from './scheduler';
export * from './micro-batch';
