import { call, signIn, type ApiAnswer, type TestUser } from './client.js';
import type { TestServer } from './harness.js';
import { png, uploadFile } from './images.js';

/** A user who has joined `communityId`. */
export async function member(server: TestServer, name: string, communityId: string): Promise<TestUser> {
  const user = await signIn(server, name);
  const joined = await call(server, 'POST', `/api/v1/communities/${communityId}/join`, { token: user.token });
  if (joined.status !== 200) throw new Error(`join answered ${joined.status}: ${JSON.stringify(joined.body)}`);
  return user;
}

/** Uploads a small PNG for a post; answers its url. */
export async function postImage(server: TestServer, user: TestUser, rgb: [number, number, number] = [40, 120, 200]): Promise<string> {
  const uploaded = await uploadFile(`${server.url}/api/v1/posts/images`, user.token, png(48, rgb), 'hike.png', 'image/png');
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
  return uploaded.body.image.url as string;
}

export function writePost(server: TestServer, user: TestUser, communityId: string, body: Record<string, unknown>) {
  return call(server, 'POST', `/api/v1/communities/${communityId}/posts`, { token: user.token, body });
}

/** Every post id of a feed, paging through it. */
export async function feedIds(server: TestServer, user: TestUser, path: string, sort = 'new', limit = 2): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiAnswer = await call(server, 'GET', `${path}?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token: user.token });
    if (page.status !== 200) throw new Error(`feed answered ${page.status}: ${JSON.stringify(page.body)}`);
    ids.push(...page.body.items.map((post: { id: string }) => post.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}
