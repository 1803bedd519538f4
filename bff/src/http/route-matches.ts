import type Router from '@koa/router';
import { LRUCache } from 'lru-cache';

type MatchResult = ReturnType<Router['match']>;

/** Longer paths are matched every time: kept, a flood of long made-up paths would hold memory. */
const LONGEST_KEPT_PATH = 160;

/**
 * Remembers which routes a method and path match. Matching tests the path against every one of the
 * router's ~200 routes in turn; the routes never change once the app is built, so the answer for
 * a path is always the same, and the paths clients ask for repeat. The router appends later
 * routers' matches to `path`, so each caller gets its own copy of that list.
 */
export function rememberRouteMatches(router: Router, max = 5000): void {
  const match = router.match.bind(router);
  const known = new LRUCache<string, MatchResult>({ max });
  router.match = (path: string, method: string): MatchResult => {
    if (path.length > LONGEST_KEPT_PATH) return match(path, method);
    const key = `${method} ${path}`;
    let found = known.get(key);
    if (!found) {
      found = match(path, method);
      known.set(key, found);
    }
    return { path: [...found.path], pathAndMethod: found.pathAndMethod, route: found.route };
  };
}
