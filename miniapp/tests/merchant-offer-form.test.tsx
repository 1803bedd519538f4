import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';
import { type } from './fields';

/** The BFF as the offer form sees it: every request goes to `bff`; going back is recorded. */
const bff = vi.hoisted(() => vi.fn());
const back = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff, { navigateBack: back }),
  useRouter: () => ({ params: {} }),
}));

const { default: OfferForm } = await import('../src/packages/merchant/pages/offer-form/index');

describe("the merchant's offer form", () => {
  beforeEach(() => {
    bff.mockReset();
    back.mockReset();
    staffSignedIn(storage, 'merchant');
  });

  it('refuses 0 days on sale beside the field without sending, and forgets the mistake once the field is edited', async () => {
    const sent: unknown[] = [];
    bff.mockImplementation(async (method: string, path: string, body: unknown) => {
      if (method === 'POST' && path === '/merchant/offers') {
        sent.push(body);
        return [201, { offer: { id: '11' } }];
      }
      return [404, { error: { code: 'NOT_FOUND', message: path, details: [] } }];
    });
    render(<OfferForm />);
    type('offer-title', '登山茶饮券');
    type('offer-validDays', '0');
    type('offer-perUserLimit', '0');
    await act(async () => fireEvent.click(screen.getByTestId('save-offer')));
    expect(screen.getByTestId('field-error-validDays').textContent).toBe('有效期需为正整数天数，且结束日期晚于开始日期');
    expect(screen.getByTestId('field-error-perUserLimit').textContent).toBe('每人限兑需在 1–100 件之间的整数');
    expect(sent).toEqual([]);

    // Editing one field takes its own mistake away and leaves the other's until it is fixed too.
    type('offer-validDays', '14');
    expect(screen.queryByTestId('field-error-validDays')).toBeNull();
    expect(screen.getByTestId('field-error-perUserLimit')).toBeTruthy();
    type('offer-perUserLimit', '2');
    expect(screen.queryByTestId('field-error-perUserLimit')).toBeNull();

    await act(async () => fireEvent.click(screen.getByTestId('save-offer')));
    await waitFor(() => expect(back).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
    const body = sent[0] as { validFrom: string; validUntil: string; perUserLimit: number };
    expect(body.perUserLimit).toBe(2);
    expect(Math.round((Date.parse(body.validUntil) - Date.now()) / 86_400_000)).toBe(14);
  });

  it("forgets the BFF's refusal of a field once that field is edited", async () => {
    bff.mockImplementation(async () => [400, { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'title', message: 'Too big: expected string to have <=80 characters' }] } }]);
    render(<OfferForm />);
    type('offer-title', '很长的标题');
    await act(async () => fireEvent.click(screen.getByTestId('save-offer')));
    await waitFor(() => expect(screen.getByTestId('field-error-title').textContent).toBe('标题需为 1–80 个字'));
    type('offer-title', '短标题');
    expect(screen.queryByTestId('field-error-title')).toBeNull();
  });
});
