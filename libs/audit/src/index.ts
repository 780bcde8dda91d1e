export * from './merkle';
export * from './checkpoint';
export * from './checkpointer';
export * from './bundle';
