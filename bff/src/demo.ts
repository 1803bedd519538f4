import { addDays, businessDate, startOfBusinessDay } from '@calorie-bank/shared';
import { operatorIdPreferring, usernameTaken } from './db/staff.js';
import { countUsers } from './db/users.js';
import type { SandboxPlatform } from './platform/sandbox/sandbox-platform.js';
import type { ServiceContext } from './services/context.js';
import { createCampaign } from './services/campaigns.js';
import { createCommunity, joinCommunity } from './services/communities.js';
import { createEvent } from './services/events.js';
import { creditDailySteps } from './services/steps.js';
import { loginWithPlatform, updateProfile } from './services/users.js';
import { createOffer, moveOffer } from './services/offers.js';
import { bootstrapOperator, createMerchant } from './services/staff.js';
import { seedDemoVenue } from './demo-venues.js';
import { seedDemoPosts } from './demo-posts.js';
import { seedDemoContent } from './demo-content.js';

/** Sign-ins of the demo staff, printed at start; they exist only in a sandbox demo database. */
export const DEMO_STAFF = {
  operator: { username: 'demo-ops', password: 'demo-ops-password' },
  merchant: { username: 'summit-coffee', password: 'summit-coffee-demo' },
};

const DEMO_OFFERS = [
  { title: '山顶手冲咖啡一杯', description: '登顶后凭券到山顶咖啡领取一杯手冲。', kind: 'product' as const, priceCoins: 150, totalStock: 200 },
  { title: '全场 10 元代金券', description: '山顶咖啡全场满 30 元可用。', kind: 'coupon' as const, priceCoins: 300, totalStock: 500 },
  { title: '攀岩馆体验一小时', description: '周末可用，需提前一天预约。', kind: 'venue_session' as const, priceCoins: 600, totalStock: 30 },
];

const DEMO_COMMUNITIES = [
  { key: 'hiking', name: '周末徒步群', description: '每周末约爬一座山，新手友好。', category: 'hiking' as const },
  { key: 'cycling', name: '城市骑行俱乐部', description: '夜骑、环湖、长途拉练。', category: 'cycling' as const },
  { key: 'running', name: '晨跑打卡', description: '每天早上六点半，公园见。', category: 'running' as const },
  { key: 'badminton', name: '羽毛球约球', description: '工作日晚上约球，水平不限。', category: 'badminton' as const },
];

type CommunityKey = (typeof DEMO_COMMUNITIES)[number]['key'];

const DEMO_WALKERS: { user: string; nickname: string; steps: number; weightKg?: number; communities: CommunityKey[] }[] = [
  { user: 'demo-hiker', nickname: '山野徒步客', steps: 23_480, weightKg: 68, communities: ['hiking', 'running'] },
  { user: 'demo-cyclist', nickname: '骑行阿杰', steps: 15_210, communities: ['cycling'] },
  { user: 'demo-runner', nickname: '晨跑小林', steps: 18_905, weightKg: 55, communities: ['running', 'hiking'] },
  { user: 'demo-walker', nickname: '遛弯王阿姨', steps: 9_876, communities: ['hiking'] },
  { user: 'demo-badminton', nickname: '羽球少年', steps: 12_034, communities: ['badminton'] },
  { user: 'demo-office', nickname: '久坐打工人', steps: 3_120, communities: [] },
];

/**
 * The operator the demo's communities and campaign are made by: the demo operator, created beside
 * any operator OPS_BOOTSTRAP_* made; or, when OPS_BOOTSTRAP_USER took the demo operator's name for
 * a merchant, the first operator there is.
 */
async function demoOperator(context: ServiceContext): Promise<{ id: string }> {
  await bootstrapOperator(context, DEMO_STAFF.operator.username, DEMO_STAFF.operator.password, { besideOthers: true });
  const id = await operatorIdPreferring(context.db.manager, DEMO_STAFF.operator.username);
  if (id === null) throw new Error('the demo needs an operator account and none could be made');
  return { id };
}

/**
 * Signs demo users up through the sandbox platform and syncs their steps for today through the
 * same code as real users, and opens a demo merchant with three live offers, so that a fresh start
 * has a board and a mall to look at, with communities, a hiking campaign and an event. Runs once
 * per database.
 */
export async function seedDemoData(context: ServiceContext, sandbox: SandboxPlatform): Promise<number> {
  if ((await countUsers(context.db.manager)) > 0) return 0;
  const today = businessDate(context.now(), context.config.businessTimeZone);
  const operator = await demoOperator(context);
  const communities = new Map<CommunityKey, string>();
  for (const { key, ...community } of DEMO_COMMUNITIES) {
    communities.set(key, (await createCommunity(context, operator, community)).community.id);
  }
  const hiking = communities.get('hiking')!;
  const { campaign } = await createCampaign(context, operator, {
    name: '徒步群双倍金币周',
    description: '徒步群成员本周步数金币翻倍，满一万步再加 50 金币；每天第一名奖 200 金币。',
    startDate: today,
    endDate: addDays(today, 6),
    communityIds: [hiking],
    multiplierPercent: 200,
    thresholds: [{ steps: 10_000, coins: 50 }],
    budgetCoins: 20_000,
    prizes: [200, 100, 50],
  });
  const startsAt = startOfBusinessDay(context.now(), context.config.businessTimeZone) + 2 * 86_400_000 + 8 * 3_600_000;
  const { event: hikingEvent } = await createEvent(context, operator, hiking, {
    title: '周六香山徒步',
    description: '东门集合，全程约 12 公里，自备午餐。',
    place: '香山公园东门',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 6 * 3_600_000).toISOString(),
    capacity: 20,
    rewardCoins: 100,
    rewardCampaignId: campaign.id,
  });
  const users = new Map<string, string>();
  await seedDemoContent(context, operator, campaign.id);
  for (const walker of DEMO_WALKERS) {
    const body =
      context.platform.name === 'alipay'
        ? { authCode: sandbox.issueAlipayAuthCode(walker.user) }
        : { code: await sandbox.issueWechatLoginCode(walker.user) };
    const { user } = await loginWithPlatform(context, body);
    users.set(walker.user, user.id);
    await updateProfile(context, user.id, { nickname: walker.nickname, weightKg: walker.weightKg });
    for (const key of walker.communities) await joinCommunity(context, user.id, communities.get(key)!);
    const sync =
      context.platform.name === 'alipay'
        ? { countDate: today, response: sandbox.runDataResponse({ countDate: today, count: String(walker.steps) }) }
        : { ...(await sandbox.weRunData(walker.user, { [today]: walker.steps }))!, countDate: today };
    await creditDailySteps(context, user.id, sync);
  }
  await seedDemoPosts(context, operator, { users, communities, hikingEventId: hikingEvent.id });
  // An account of the deployer's (OPS_BOOTSTRAP_USER) may hold the demo merchant's name: then the demo has no shop.
  if (await usernameTaken(context.db.manager, DEMO_STAFF.merchant.username)) return DEMO_WALKERS.length;
  const { merchant } = await createMerchant(context, operator, { name: '山顶咖啡', ...DEMO_STAFF.merchant });
  const now = context.now().getTime();
  for (const offer of DEMO_OFFERS) {
    const { offer: created } = await createOffer(context, merchant.id, {
      ...offer,
      imageUrl: null,
      perUserLimit: 2,
      validFrom: new Date(now - 60_000).toISOString(),
      validUntil: new Date(now + 60 * 86_400_000).toISOString(),
      voucherTtlSeconds: 14 * 86_400,
    });
    await moveOffer(context, created.id, { from: 'draft', to: 'pending' });
    await moveOffer(context, created.id, { from: 'pending', to: 'live' });
  }
  await seedDemoVenue(context, operator, merchant.id);
  return DEMO_WALKERS.length;
}
