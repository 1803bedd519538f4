import { businessDate } from '@calorie-bank/shared';
import type { SandboxPlatform } from './platform/sandbox/sandbox-platform.js';
import type { ServiceContext } from './services/context.js';
import { creditDailySteps } from './services/steps.js';
import { loginWithPlatform, updateProfile } from './services/users.js';
import { createOffer, moveOffer } from './services/offers.js';
import { bootstrapOperator, createMerchant } from './services/staff.js';

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

const DEMO_WALKERS: { user: string; nickname: string; steps: number; weightKg?: number }[] = [
  { user: 'demo-hiker', nickname: '山野徒步客', steps: 23_480, weightKg: 68 },
  { user: 'demo-cyclist', nickname: '骑行阿杰', steps: 15_210 },
  { user: 'demo-runner', nickname: '晨跑小林', steps: 18_905, weightKg: 55 },
  { user: 'demo-walker', nickname: '遛弯王阿姨', steps: 9_876 },
  { user: 'demo-badminton', nickname: '羽球少年', steps: 12_034 },
  { user: 'demo-office', nickname: '久坐打工人', steps: 3_120 },
];

/**
 * Signs demo users up through the sandbox platform and syncs their steps for today through the
 * same code as real users, and opens a demo merchant with three live offers, so that a fresh start
 * has a board and a mall to look at. Runs once per database.
 */
export async function seedDemoData(context: ServiceContext, sandbox: SandboxPlatform): Promise<number> {
  const existing: { n: number | string }[] = await context.db.query('SELECT COUNT(*) AS n FROM users');
  if (Number(existing[0].n) > 0) return 0;
  const today = businessDate(context.now(), context.config.businessTimeZone);
  for (const walker of DEMO_WALKERS) {
    const body =
      context.platform.name === 'alipay'
        ? { authCode: sandbox.issueAlipayAuthCode(walker.user) }
        : { code: sandbox.issueWechatLoginCode(walker.user) };
    const { user } = await loginWithPlatform(context, body);
    await updateProfile(context, user.id, { nickname: walker.nickname, weightKg: walker.weightKg });
    const sync =
      context.platform.name === 'alipay'
        ? { countDate: today, response: sandbox.runDataResponse({ countDate: today, count: String(walker.steps) }) }
        : { ...sandbox.weRunData(walker.user, { [today]: walker.steps })!, countDate: today };
    await creditDailySteps(context, user.id, sync);
  }
  await bootstrapOperator(context, DEMO_STAFF.operator.username, DEMO_STAFF.operator.password);
  const { merchant } = await createMerchant(context, { name: '山顶咖啡', ...DEMO_STAFF.merchant });
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
  return DEMO_WALKERS.length;
}
