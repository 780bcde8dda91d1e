export * from './views';
export * from './projector';
export * from './read-model.keys';
export * from './read-model.writer';
export * from './read-model.reader';
export * from './projection.runner';
export * from './ftm';
