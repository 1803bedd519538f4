import { businessDate } from '@calorie-bank/shared';
import type { SandboxPlatform } from './platform/sandbox/sandbox-platform.js';
import type { ServiceContext } from './services/context.js';
import { creditDailySteps } from './services/steps.js';
import { loginWithPlatform, updateProfile } from './services/users.js';

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
 * same code as real users, so that a fresh start has a board to look at. Runs once per database.
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
  return DEMO_WALKERS.length;
}
