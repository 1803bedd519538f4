import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({ me: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));
const contentApi = vi.hoisted(() => ({ collection: vi.fn(), series: vi.fn(), buySeries: vi.fn() }));
vi.mock('../src/packages/content/api', async (importOriginal) => ({ ...(await importOriginal<object>()), contentApi }));

const { default: Collection } = await import('../src/packages/content/pages/collection/index');

const series = (id: string, priceCoins: number) => ({
  id, name: `限量徽章 ${id}`, description: '', artworkUrl: '/media/a.png', editionSize: 50, issued: 3, rule: { kind: 'purchase', priceCoins }, mySerial: null, status: 'live',
});
const me = (balance: number) => ({ user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false }, wallet: { balance } });

describe('the collection page', () => {
  beforeEach(() => {
    contentApi.collection.mockReset().mockResolvedValue({ items: [], nextCursor: null });
    contentApi.series.mockReset().mockResolvedValue({ items: [series('1', 200), series('2', 50)], nextCursor: null });
  });

  it('offers a series the user can afford, and says how many coins another still needs', async () => {
    api.me.mockResolvedValue(me(120));
    render(<Collection />);
    await waitFor(() => expect(screen.getAllByTestId('series')).toHaveLength(2));
    const [dear, cheap] = screen.getAllByTestId('series');
    await waitFor(() => expect(dear.querySelector('[data-testid=series-short]')?.textContent).toBe('金币不足：还差 80 金币，去多走几步吧'));
    expect(dear.querySelector('[data-testid=buy-series]')).toBeNull();
    expect(cheap.querySelector('[data-testid=buy-series]')).not.toBeNull();
  });

  it('still offers to buy when the balance could not be read, and lets the BFF decide', async () => {
    api.me.mockRejectedValue(new Error('offline'));
    render(<Collection />);
    await waitFor(() => expect(screen.getAllByTestId('buy-series')).toHaveLength(2));
  });
});
