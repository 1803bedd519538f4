import type { ServiceContext } from './services/context.js';
import { createComment } from './services/comments.js';
import { createPost, likePost } from './services/posts.js';
import { addSensitiveWords } from './services/word-list.js';

interface DemoPost {
  author: string;
  community: string;
  text: string;
  withEvent?: boolean;
  likedBy: string[];
  comments: { by: string; text: string; replies?: { by: string; text: string }[] }[];
}

const DEMO_POSTS: DemoPost[] = [
  {
    author: 'demo-walker',
    community: 'hiking',
    text: '今天沿着湖边走了快一万步，银杏叶都黄了，拍照特别好看。',
    likedBy: ['demo-hiker'],
    comments: [{ by: 'demo-hiker', text: '阿姨真厉害！' }],
  },
  {
    author: 'demo-hiker',
    community: 'hiking',
    text: '周六一起去香山吧！东门集合，全程约 12 公里，新手也能跟上。记得带水和午餐 🥪',
    withEvent: true,
    likedBy: ['demo-runner', 'demo-walker'],
    comments: [
      { by: 'demo-runner', text: '报名了，周六见！', replies: [{ by: 'demo-hiker', text: '好嘞，东门见～' }] },
      { by: 'demo-walker', text: '我走得慢，大家等等我哈' },
    ],
  },
  {
    author: 'demo-runner',
    community: 'running',
    text: '晨跑第 30 天打卡，配速终于进了 6 分钟。',
    likedBy: ['demo-hiker'],
    comments: [],
  },
  {
    author: 'demo-cyclist',
    community: 'cycling',
    text: '今晚八点环湖夜骑，约 25 公里，车灯一定要带。',
    likedBy: [],
    comments: [],
  },
];

/**
 * Posts, likes and comments in the demo communities, written through the same use cases as
 * members' own, and a starting sensitive-word list, so the feeds and the moderation section are
 * not empty. `users` maps the demo walkers' sandbox names to their ids, `communities` the demo
 * communities' keys to theirs.
 */
export async function seedDemoPosts(
  context: ServiceContext,
  operator: { id: string },
  input: { users: Map<string, string>; communities: Map<string, string>; hikingEventId: string },
): Promise<void> {
  await addSensitiveWords(context, operator, { words: ['赌博', '代开发票', '办证'], action: 'block' });
  await addSensitiveWords(context, operator, { words: ['加微信', '兼职刷单'], action: 'review' });
  await addSensitiveWords(context, operator, { words: ['反赌博'], action: 'allow' });
  for (const demo of DEMO_POSTS) {
    const author = input.users.get(demo.author)!;
    const communityId = input.communities.get(demo.community)!;
    const card = demo.withEvent ? { kind: 'event' as const, id: input.hikingEventId } : null;
    const { post } = await createPost(context, author, communityId, { text: demo.text, images: [], card });
    for (const liker of demo.likedBy) await likePost(context, input.users.get(liker)!, post.id, true);
    for (const comment of demo.comments) {
      const { comment: written } = await createComment(context, input.users.get(comment.by)!, post.id, { text: comment.text });
      for (const reply of comment.replies ?? []) {
        await createComment(context, input.users.get(reply.by)!, post.id, { text: reply.text, replyTo: written.id });
      }
    }
  }
}
