import Router from '@koa/router';
import { z } from 'zod';
import { CalendarDate } from '@calorie-bank/shared';
import { validationFailed } from '../../errors.js';
import { parseWith } from '../../http/validate.js';
import type { SandboxPlatform } from './sandbox-platform.js';

const SandboxUser = z.string().trim().min(1).max(64);

const AuthCodeRequest = z.strictObject({ user: SandboxUser });
const RunDataRequest = z.strictObject({
  countDate: CalendarDate,
  count: z.unknown(),
  plaintextDate: z.string().optional(),
  code: z.string().optional(),
  forge: z.enum(['none', 'signature', 'foreign-key', 'truncated', 'resigned-garbage']).optional(),
});
const WeRunRequest = z.strictObject({
  user: SandboxUser,
  days: z.record(CalendarDate, z.number()),
  appId: z.string().optional(),
});

/**
 * The sandbox open platform's HTTP face, mounted under `/sandbox` when PLATFORM_SANDBOX=1:
 * the Alipay gateway and WeChat's jscode2session that the BFF's adapters call, and endpoints
 * that stand in for the super-app's `my.getAuthCode`, `my.getRunData`, `wx.login` and
 * `wx.getWeRunData` in a browser.
 */
export function sandboxRoutes(sandbox: SandboxPlatform): Router {
  const router = new Router({ prefix: '/sandbox' });

  router.post('/alipay/gateway.do', (ctx) => {
    const params = { ...(ctx.query as Record<string, string>), ...(ctx.request.body as Record<string, string> | undefined) };
    ctx.type = 'application/json;charset=utf-8';
    if (!sandbox.verifyAppRequest(params)) {
      ctx.body = JSON.stringify({
        error_response: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' },
      });
      return;
    }
    if (params.method !== 'alipay.system.oauth.token') {
      ctx.body = JSON.stringify({
        error_response: { code: '40004', msg: 'Business Failed', sub_code: 'isv.method-not-supported', sub_msg: 'sandbox' },
      });
      return;
    }
    ctx.body = sandbox.answerOauthToken(params.code);
  });

  router.post('/alipay/auth-code', (ctx) => {
    const { user } = parseWith(AuthCodeRequest, ctx.request.body, 'body');
    ctx.body = { authCode: sandbox.issueAlipayAuthCode(user) };
  });

  router.post('/alipay/run-data', (ctx) => {
    const request = parseWith(RunDataRequest, ctx.request.body, 'body');
    ctx.body = { response: sandbox.runDataResponse(request) };
  });

  router.post('/wechat/login-code', async (ctx) => {
    const { user } = parseWith(AuthCodeRequest, ctx.request.body, 'body');
    ctx.body = { code: await sandbox.issueWechatLoginCode(user) };
  });

  router.get('/wechat/sns/jscode2session', async (ctx) => {
    const query = ctx.query as Record<string, string>;
    ctx.body = await sandbox.answerCode2Session(query.appid ?? '', query.secret ?? '', query.js_code ?? '');
  });

  router.post('/wechat/werun-data', async (ctx) => {
    const request = parseWith(WeRunRequest, ctx.request.body, 'body');
    const data = await sandbox.weRunData(request.user, request.days, { appId: request.appId });
    if (!data) throw validationFailed('Sign this sandbox user in first: WeRun data is encrypted with their session key');
    ctx.body = data;
  });
  return router;
}
