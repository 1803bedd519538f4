/** Names of the in-memory caches that CacheInvalidation drops entries of in every process. */
export const NICKNAME_CACHE = 'nickname';
