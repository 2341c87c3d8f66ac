export {
  authorizationKey,
  connectionKey,
  onInvalidation,
  publishInvalidation,
  workspaceOfAuthorizationKey,
  type CacheName,
} from './keys.js';
export { ReadCache, type ReadCacheOptions } from './read-cache.js';
