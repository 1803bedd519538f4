/**
 * Community feed reads for `npm run bench`: a community with 400 posts (with likes and comments,
 * written through the API by 40 members), then a page of 20 posts with their counts, read by
 * many users at once, as `/api/v1/communities/:id/posts?limit=20`.
 */
import type autocannon from 'autocannon';

type Api = (path: string, token: string | null, body?: unknown) => Promise<Record<string, any>>;

const AUTHORS = 40;
const POSTS_EACH = 10;

/** Fills a community with posts, likes and comments through the API; answers the community's id. */
async function seedFeed(api: Api, operator: string, userTokens: string[]): Promise<string> {
  const { community } = await api('/ops/communities', operator, { name: 'Bench Hikers', description: 'bench', category: 'hiking' });
  const members = userTokens.slice(0, AUTHORS);
  // One join at a time: each updates the community's member count, one row.
  for (const token of members) {
    const joined = await api(`/communities/${community.id}/join`, token, {});
    if (!joined.community?.joined) throw new Error(`a bench member could not join: ${JSON.stringify(joined)}`);
  }
  for (let round = 0; round < POSTS_EACH; round += 1) {
    const posted = await Promise.all(members.map((token, index) => api(`/communities/${community.id}/posts`, token, { text: `第 ${round} 轮 · 跑者 ${index} 的徒步记录` })));
    const refused = posted.find((answer) => !answer.post);
    if (refused) throw new Error(`a bench post was refused: ${JSON.stringify(refused)}`);
    await Promise.all(
      posted.flatMap(({ post }, index) => [
        api(`/posts/${post.id}/like`, members[(index + 1) % members.length], {}),
        api(`/posts/${post.id}/comments`, members[(index + 2) % members.length], { text: '加油！' }),
      ]),
    );
  }
  return community.id as string;
}

/**
 * Seeds the feed and answers its load: the first page of 20 posts with counts, each request as
 * another member (measured by the caller, in slices beside /healthz and the board).
 */
export async function feedLoad(api: Api, input: { bffUrl: string; operator: string; userTokens: string[] }): Promise<{ name: string; options: autocannon.Options }> {
  const communityId = await seedFeed(api, input.operator, input.userTokens);
  let reader = 0;
  return {
    name: 'GET /api/v1/communities/:id/posts (20 posts with counts)',
    options: {
      url: `${input.bffUrl}/api/v1/communities/${communityId}/posts?limit=20`,
      requests: [
        {
          method: 'GET',
          setupRequest: (request: autocannon.Request) => ({ ...request, headers: { authorization: `Bearer ${input.userTokens[(reader++ * 7) % AUTHORS]}` } }),
        },
      ],
    },
  };
}
