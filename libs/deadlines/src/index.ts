export * from './system-commands';
export * from './webhook';
export * from './delivery';
export * from './scheduler';
