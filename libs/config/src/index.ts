export * from './app.config';
export { ensureRedis } from './ensure-redis';
export { loadPolicy } from './policy.loader';
export { checkEvictionPolicy } from './eviction-policy';
