export * from './merkle';
export * from './checkpoint';
export * from './checkpointer';
export * from './bundle';
export * from './point-in-time';
export { renderBundleHtml } from './bundle.html';
