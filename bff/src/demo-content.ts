import { encodeRgbPng } from './media/png.js';
import type { Operator } from './services/audit.js';
import { createSeries } from './services/collectibles.js';
import { publishContent } from './services/content.js';
import type { ServiceContext } from './services/context.js';
import { storeImage } from './services/uploads.js';

/** A 320×200 PNG fading between two colours, so the demo's covers and artwork are real stored images. */
function gradientPng(from: [number, number, number], to: [number, number, number], width = 320, height = 200): Buffer {
  return encodeRgbPng(width, height, (x, y) => {
    const mix = (x + y) / (width + height);
    return [0, 1, 2].map((c) => Math.round(from[c] + (to[c] - from[c]) * mix)) as [number, number, number];
  });
}

async function image(context: ServiceContext, from: [number, number, number], to: [number, number, number]): Promise<string> {
  return (await storeImage(context, gradientPng(from, to))).url;
}

/**
 * The channel's demo items (a video, an article and a members-only training article) and two
 * collectible series: one awarded at 10,000 steps during the hiking campaign, one sold for coins.
 */
export async function seedDemoContent(context: ServiceContext, operator: Operator, campaignId: string): Promise<void> {
  const video = await publishContent(context, operator, {
    title: '总决赛第七场十佳球',
    coverUrl: await image(context, [30, 64, 175], [234, 88, 12]),
    kind: 'video',
    body: null,
    videoUrl: 'https://media.w3.org/2010/05/sintel/trailer.mp4',
    tags: ['nba'],
    visibleUntil: null,
    membersOnly: false,
  });
  await publishContent(context, operator, {
    title: '跑步新手的第一个月',
    coverUrl: await image(context, [16, 185, 129], [253, 224, 71]),
    kind: 'article',
    body: '<h3>从 3 公里开始</h3><p>每周跑 3 次，每次 <strong>20–30 分钟</strong>，配速以能说话为准。</p><ul><li>跑前动态拉伸 5 分钟</li><li>跑后静态拉伸</li></ul>',
    videoUrl: null,
    tags: ['running', 'fitness'],
    visibleUntil: null,
    membersOnly: false,
  });
  await publishContent(context, operator, {
    title: '会员专享：自由泳换气训练',
    coverUrl: await image(context, [14, 116, 144], [125, 211, 252]),
    kind: 'article',
    body: '<p>换气时头随身体转动，<em>一侧眼睛留在水中</em>。每组 25 米，共 8 组。</p>',
    videoUrl: null,
    tags: ['swimming'],
    visibleUntil: null,
    membersOnly: true,
  });
  await createSeries(context, operator, {
    name: '徒步万步金章',
    description: '徒步群双倍金币周期间单日走满一万步获得',
    artworkUrl: await image(context, [180, 83, 9], [253, 230, 138]),
    editionSize: 100,
    rule: { kind: 'steps', campaignId, steps: 10_000 },
  });
  await createSeries(context, operator, {
    name: '限量篮球徽章',
    description: '用金币兑换的限量纪念徽章',
    artworkUrl: await image(context, [124, 45, 18], [251, 146, 60]),
    editionSize: 50,
    rule: { kind: 'purchase', priceCoins: 200 },
  });
  await createSeries(context, operator, {
    name: '十佳球观赛纪念',
    description: '看完总决赛十佳球获得',
    artworkUrl: await image(context, [30, 64, 175], [147, 197, 253]),
    editionSize: 200,
    rule: { kind: 'content_view', contentId: video.item.id },
  });
}
