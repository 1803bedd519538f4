import { describe, expect, it } from 'vitest';
import { bridgeFor } from '../src/platform';
import { alipayBridge } from '../src/platform/alipay';
import { h5Bridge } from '../src/platform/h5';
import { classifyStepFailure } from '../src/platform/types';
import { weappBridge } from '../src/platform/weapp';

describe('platform bridge', () => {
  it('is chosen by the build target', () => {
    expect(bridgeFor('alipay')).toBe(alipayBridge);
    expect(bridgeFor('weapp')).toBe(weappBridge);
    expect(bridgeFor('h5')).toBe(h5Bridge);
    expect(bridgeFor(undefined)).toBe(h5Bridge);
  });

  it('sorts platform failures into what the user can do', () => {
    expect(classifyStepFailure({ errMsg: 'getWeRunData:fail auth deny' }).problem).toBe('denied');
    expect(classifyStepFailure({ error: 11, errorMessage: '用户取消授权' }).problem).toBe('denied');
    expect(classifyStepFailure({ errMsg: 'getWeRunData: fail device not support' }).problem).toBe('unavailable');
    expect(classifyStepFailure({ errMsg: 'request:fail timeout' }).problem).toBe('network');
    expect(classifyStepFailure({ errMsg: 'something odd' }).problem).toBe('unknown');
  });

  it('asks the Alipay container for run data only when called, forwarding res.response verbatim', async () => {
    const calls: unknown[] = [];
    Object.assign(globalThis, {
      my: {
        getRunData: (options: { countDate: string; success(res: { response: string }): void }) => {
          calls.push(options.countDate);
          options.success({ response: '{"response":"abc","sign":"xyz"}' });
        },
      },
    });
    expect(calls).toEqual([]);
    await expect(alipayBridge.stepData('2026-06-15')).resolves.toEqual({ countDate: '2026-06-15', response: '{"response":"abc","sign":"xyz"}' });
    expect(calls).toEqual(['2026-06-15']);
  });
});
