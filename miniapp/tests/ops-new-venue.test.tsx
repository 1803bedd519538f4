import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';

/** The BFF as the console sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { Venues } = await import('../src/packages/ops/sections/Venues');

interface VenueBody {
  merchantId: string;
  name: string;
  address: string;
  openingHours: { weekday: number; opens: string; closes: string }[];
}

const QUEUED = { id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'pending', rejectReason: null, openingHours: [], facilities: [] };
const refusal = (status: number, code: string, details?: { path: string; message: string }[]) => [status, { error: { code, message: code, details } }];
/** The BFF's answer to a new venue: the draft, named after its merchant, with no facilities yet. */
const draftOf = (body: VenueBody) => ({ venue: { id: '9', merchantName: '城北体育', status: 'draft', rejectReason: null, facilities: [], ...body } });

const queryOf = (path: string) => new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?')) : '');
const statusOf = (path: string) => queryOf(path).get('status');

/** A merchant as `GET /ops/merchants` lists it. */
const merchant = (id: string, name: string, username: string | null) => ({ id, name, username, createdAt: '2026-06-01T02:00:00.000Z' });
const MERCHANTS = [merchant('3', '山顶咖啡', 'shanding'), merchant('2', '城北体育', 'chengbei')];

/** The merchants' route as the BFF answers it by default: the merchants whose name holds `q`, on one page. */
const oneMerchantPage = (query: URLSearchParams) => [200, { items: MERCHANTS.filter((shop) => shop.name.includes(query.get('q') ?? '')), nextCursor: null }];

/**
 * The console's venues section whose BFF answers a new venue with `create` (and records what it
 * was sent) and the merchants' list with `merchants`; the drafts are the venues sent, every other
 * list holds one venue waiting for review.
 */
function renderWithBff(create: (body: VenueBody) => Promise<unknown> | unknown, merchants: (query: URLSearchParams) => Promise<unknown> | unknown = oneMerchantPage) {
  const sent: VenueBody[] = [];
  bff.mockImplementation(async (method: string, path: string, body: VenueBody) => {
    if (method === 'GET' && path.startsWith('/ops/merchants')) return merchants(queryOf(path));
    if (method === 'GET' && path.startsWith('/ops/venues?')) {
      const items = statusOf(path) === 'draft' ? sent.map((venue, index) => ({ ...draftOf(venue).venue, id: String(9 + index) })) : [QUEUED];
      return [200, { items, nextCursor: null }];
    }
    // The hours' time-zone label falls back on the contract's default when the configuration is not there.
    if (path === '/config/client') return refusal(503, 'SERVICE_UNAVAILABLE');
    if (method === 'POST' && path === '/ops/venues') {
      sent.push(body);
      return create(body);
    }
    return refusal(404, 'NOT_FOUND');
  });
  render(<Venues />);
  return sent;
}

/** How often the console has read the venues in `status`. */
const listReads = (status: string) => bff.mock.calls.filter(([method, path]) => method === 'GET' && String(path).startsWith('/ops/venues?') && statusOf(String(path)) === status).length;

function form() {
  return screen.getByTestId('new-venue-form');
}

/** The text box of the form's field `testId` (in `within`, a weekday's row say). */
function input(testId: string, within: ParentNode = form()): HTMLInputElement {
  const element = within.querySelector(`[data-testid=${testId}]`) as HTMLElement;
  return (element.querySelector('input') ?? element) as HTMLInputElement;
}

function type(testId: string, value: string, within: ParentNode = form()) {
  fireEvent.input(input(testId, within), { target: { value } });
}

/** The error said in the labelled field that holds the input `inputTestId`, if any. */
function errorBeside(inputTestId: string): string | null {
  const field = form().querySelector(`[data-testid=${inputTestId}]`)!.closest('.ops-field')!;
  return field.querySelector('.field-error')?.textContent ?? null;
}

/** How the console has asked for merchants: each request's query. */
const merchantQueries = () =>
  bff.mock.calls.filter(([method, path]) => method === 'GET' && String(path).startsWith('/ops/merchants')).map(([, path]) => Object.fromEntries(queryOf(String(path))));

function picker() {
  return within(form().querySelector('[data-testid=new-venue-merchant]') as HTMLElement);
}

/** Picks the listed merchant named `name`. */
async function pick(name: string) {
  const option = (await picker().findAllByTestId('new-venue-merchant-option')).find((row) => row.textContent?.includes(name));
  if (!option) throw new Error(`${name} is not listed`);
  await act(async () => fireEvent.click(option));
}

const optionNames = () => picker().queryAllByTestId('new-venue-merchant-option').map((row) => row.querySelector('.ops-pick__name')?.textContent);

async function searchMerchants(text: string) {
  type('new-venue-merchant-search', text);
  await act(async () => fireEvent.click(screen.getByTestId('new-venue-merchant-search-go')));
}

async function openForm() {
  await screen.findByTestId('review-venue');
  await act(async () => fireEvent.click(screen.getByTestId('new-venue')));
}

async function fillIn() {
  await pick('城北体育');
  type('new-venue-name', ' 城东游泳馆 ');
  type('new-venue-address', '东四环 8 号');
  const days = form().querySelectorAll('[data-testid=new-venue-day]');
  await act(async () => fireEvent.click(days[0].querySelector('[data-testid=new-venue-day-open]')!));
  type('new-venue-day-opens', '07:00', days[0]);
  type('new-venue-day-closes', '21:30', days[0]);
  await act(async () => fireEvent.click(days[5].querySelector('[data-testid=new-venue-day-open]')!));
}

const create = () => act(async () => fireEvent.click(screen.getByTestId('create-venue')));

describe("the operators' new venue form", () => {
  beforeEach(() => {
    bff.mockReset();
    staffSignedIn(storage, 'operator');
  });

  it('sends the merchant id, the trimmed name and address, and the hours of the open days only', async () => {
    const sent = renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await fillIn();
    await create();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      merchantId: '2',
      name: '城东游泳馆',
      address: '东四环 8 号',
      openingHours: [
        { weekday: 1, opens: '07:00', closes: '21:30' },
        { weekday: 6, opens: '08:00', closes: '22:00' },
      ],
    });
  });

  it('says beside each field what is wrong before asking the BFF', async () => {
    const sent = renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await create();
    expect(errorBeside('new-venue-merchant')).toBe('请选择商户');
    expect(errorBeside('new-venue-name')).toBe('请填写场馆名称');
    expect(errorBeside('new-venue-address')).toBe('请填写地址');

    await fillIn();
    const monday = form().querySelectorAll('[data-testid=new-venue-day]')[0];
    type('new-venue-day-closes', '06:00', monday);
    await create();
    expect(errorBeside('new-venue-merchant')).toBeNull();
    expect(monday.querySelector('[data-testid=field-error-day]')?.textContent).toBe('打烊时间需晚于开门时间');
    expect(errorBeside('new-venue-name')).toBeNull();
    expect(sent).toEqual([]);
  });

  it('takes a mistake away once its field is edited, checks the hours again as they change, and says by the button that fields above need fixing', async () => {
    renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    expect(screen.queryByTestId('new-venue-fix-above')).toBeNull();
    await create();
    expect(screen.getByTestId('new-venue-fix-above').textContent).toBe('请先修改上方标红的内容');
    // The merchant's mistake is said under its label, above the list of merchants.
    const merchantField = screen.getByTestId('new-venue-merchant').closest('.ops-field')!;
    expect(merchantField.firstElementChild?.nextElementSibling?.textContent).toBe('请选择商户');

    type('new-venue-name', '城东游泳馆');
    expect(errorBeside('new-venue-name')).toBeNull();
    expect(errorBeside('new-venue-address')).toBe('请填写地址');
    await pick('城北体育');
    expect(errorBeside('new-venue-merchant')).toBeNull();

    const monday = form().querySelectorAll('[data-testid=new-venue-day]')[0];
    await act(async () => fireEvent.click(monday.querySelector('[data-testid=new-venue-day-open]')!));
    type('new-venue-day-opens', '7点', monday);
    // Not said before the next press…
    expect(monday.querySelector('[data-testid=field-error-day]')).toBeNull();
    type('new-venue-address', '东四环 8 号');
    await create();
    expect(monday.querySelector('[data-testid=field-error-day]')?.textContent).toBe('时间格式为 HH:MM（00:00–23:59）');
    // …but once said, checked again as the times change.
    type('new-venue-day-opens', '23:00', monday);
    expect(monday.querySelector('[data-testid=field-error-day]')?.textContent).toBe('打烊时间需晚于开门时间');
    type('new-venue-day-opens', '07:00', monday);
    expect(monday.querySelector('[data-testid=field-error-day]')).toBeNull();
    expect(screen.queryByTestId('new-venue-fix-above')).toBeNull();
  });

  it("shows the BFF's field error beside the field it concerns", async () => {
    const sent = renderWithBff(() => refusal(400, 'VALIDATION_FAILED', [{ path: 'address', message: 'Too big: expected string to have <=255 characters' }]));
    await openForm();
    await fillIn();
    await create();
    await waitFor(() => expect(errorBeside('new-venue-address')).toBe('地址需为 1–255 个字'));
    expect(errorBeside('new-venue-name')).toBeNull();
    expect(errorBeside('new-venue-merchant')).toBeNull();
    expect(sent).toHaveLength(1);
    expect(screen.queryByTestId('created-venue')).toBeNull();
  });

  it('says beside the merchant field that there is no such merchant', async () => {
    renderWithBff(() => refusal(404, 'NOT_FOUND'));
    await openForm();
    await fillIn();
    await create();
    await waitFor(() => expect(errorBeside('new-venue-merchant')).toBe('没有这个商户，请重新选择'));
    expect(screen.queryByTestId('new-venue-error')).toBeNull();
    // The operator's entries stay for a second try, the merchant picked among them.
    expect(input('new-venue-name').value).toBe(' 城东游泳馆 ');
    expect(screen.getByTestId('new-venue-merchant-chosen').textContent).toContain('城北体育');
  });

  it('sends one request however often the button is pressed while it runs, and holds the button down meanwhile', async () => {
    let answer: (reply: unknown) => void = () => undefined;
    const sent = renderWithBff((body) => new Promise((resolve) => (answer = () => resolve([201, draftOf(body)]))));
    await openForm();
    await fillIn();
    const button = screen.getByTestId('create-venue');
    // Two presses in the same frame, then one more once React has re-rendered.
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(button.hasAttribute('disabled')).toBe(true);
    // The label stays as it is while the button shows that it is busy.
    expect(button.textContent).toBe('创建草稿场馆');
    await act(async () => fireEvent.click(button));
    expect(sent).toHaveLength(1);
    await act(async () => answer(null));
    await screen.findByTestId('created-venue');
    expect(sent).toHaveLength(1);
  });

  it('shows the created venue as a draft with what happens next, and closes the form', async () => {
    renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await fillIn();
    await create();
    const created = await screen.findByTestId('created-venue');
    expect(screen.queryByTestId('new-venue-form')).toBeNull();
    expect(screen.getByTestId('venues-notice').textContent).toBe('已创建草稿场馆「城东游泳馆」');
    expect(screen.getByTestId('created-venue-status').textContent).toBe('草稿');
    expect(created.textContent).toContain('城北体育（商户 ID 2） · 东四环 8 号');
    expect(created.textContent).toContain('周一 07:00–21:30；周六 08:00–22:00');
    expect(screen.getByTestId('created-venue-next').textContent).toBe('新场馆是草稿：商家在商家后台为它添加场地并提交审核，审核通过后上线。');

    // Opened again, the form is empty.
    await act(async () => fireEvent.click(screen.getByTestId('new-venue')));
    expect(screen.queryByTestId('new-venue-merchant-chosen')).toBeNull();
    expect(input('new-venue-merchant-search').value).toBe('');
    expect(input('new-venue-name').value).toBe('');
  });

  it('holds the new-venue button down while a venue is sent, so that a form closed and opened again cannot send it twice', async () => {
    let answer: () => void = () => undefined;
    const sent = renderWithBff((body) => new Promise((resolve) => (answer = () => resolve([201, draftOf(body)]))));
    await openForm();
    await fillIn();
    await create();
    await waitFor(() => expect(sent).toHaveLength(1));
    // Close the form, open it again and create once more while the first request runs.
    await act(async () => fireEvent.click(screen.getByTestId('new-venue')));
    await act(async () => fireEvent.click(screen.getByTestId('new-venue')));
    type('new-venue-name', '城东游泳馆');
    type('new-venue-address', '东四环 8 号');
    await create();
    expect(sent).toHaveLength(1);
    expect(screen.getByTestId('new-venue').hasAttribute('disabled')).toBe(true);

    await act(async () => answer());
    await screen.findByTestId('created-venue');
    expect(sent).toHaveLength(1);
    expect(screen.getByTestId('new-venue').hasAttribute('disabled')).toBe(false);
  });

  it('keeps a rejection reason half typed in a waiting venue when a venue is created, and does not read the waiting venues again', async () => {
    renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    type('reject-venue-reason', '营业执照', document.body);
    await fillIn();
    await create();
    await screen.findByTestId('created-venue');
    expect(input('reject-venue-reason', document.body).value).toBe('营业执照');
    expect(listReads('pending')).toBe(1);
  });

  it('reads the drafts shown again when a venue is created, as the new venue is one of them', async () => {
    renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await fillIn();
    await create();
    await act(async () => fireEvent.click(screen.getByTestId('venues-draft')));
    await waitFor(() => expect(screen.getAllByTestId('review-venue').map((card) => card.textContent)).toEqual([expect.stringContaining('城东游泳馆')]));

    await act(async () => fireEvent.click(screen.getByTestId('new-venue')));
    await fillIn();
    type('new-venue-name', '城东网球馆');
    await create();
    await waitFor(() => expect(screen.getAllByTestId('review-venue')).toHaveLength(2));
    expect(screen.getAllByTestId('review-venue')[1].textContent).toContain('城东网球馆');
    expect(listReads('draft')).toBe(2);
  });

  it('lists the merchants with their login, shows the one picked instead of the list, and lets the operator pick another', async () => {
    const sent = renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await waitFor(() => expect(optionNames()).toEqual(['山顶咖啡', '城北体育']));
    expect(picker().getAllByTestId('new-venue-merchant-option')[1].textContent).toContain('登录名 chengbei · 商户 ID 2');

    await pick('城北体育');
    const chosen = screen.getByTestId('new-venue-merchant-chosen');
    expect(chosen.textContent).toContain('城北体育');
    expect(chosen.textContent).toContain('登录名 chengbei · 商户 ID 2');
    expect(optionNames()).toEqual([]);

    await act(async () => fireEvent.click(screen.getByTestId('new-venue-merchant-change')));
    expect(screen.queryByTestId('new-venue-merchant-chosen')).toBeNull();
    await pick('山顶咖啡');
    type('new-venue-name', '山顶泳池');
    type('new-venue-address', '山顶 1 号');
    await create();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].merchantId).toBe('3');
  });

  it('searches the merchants by the trimmed name typed, and says when none matches', async () => {
    renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await waitFor(() => expect(optionNames()).toHaveLength(2));

    await searchMerchants('  咖啡 ');
    await waitFor(() => expect(optionNames()).toEqual(['山顶咖啡']));
    expect(merchantQueries().at(-1)).toEqual({ q: '咖啡', limit: '20' });

    await searchMerchants('游泳');
    expect((await picker().findByTestId('state-empty')).textContent).toBe('没有名称或登录名含「游泳」的商户');
    expect(optionNames()).toEqual([]);

    // An empty search lists every merchant again.
    await searchMerchants('   ');
    await waitFor(() => expect(optionNames()).toHaveLength(2));
    expect(merchantQueries().at(-1)).toEqual({ limit: '20' });
  });

  it('reads the list again when the same words are searched again', async () => {
    renderWithBff((body) => [201, draftOf(body)]);
    await openForm();
    await waitFor(() => expect(optionNames()).toHaveLength(2));
    await searchMerchants('咖啡');
    await waitFor(() => expect(optionNames()).toEqual(['山顶咖啡']));
    const asked = merchantQueries().length;
    await searchMerchants('咖啡');
    await waitFor(() => expect(merchantQueries()).toHaveLength(asked + 1));
    await waitFor(() => expect(optionNames()).toEqual(['山顶咖啡']));
  });

  it('says when there are no merchants at all', async () => {
    renderWithBff((body) => [201, draftOf(body)], () => [200, { items: [], nextCursor: null }]);
    await openForm();
    expect((await picker().findByTestId('state-empty')).textContent).toBe('还没有商户');
    expect(picker().queryByTestId('new-venue-merchant-more')).toBeNull();
  });

  it('loads the next page of merchants while there is one, after the ones shown', async () => {
    const pages: Record<string, { items: ReturnType<typeof merchant>[]; nextCursor: string | null }> = {
      first: { items: [merchant('9', '九号球馆', 'nine'), merchant('8', '八号泳池', 'eight')], nextCursor: 'page-2' },
      'page-2': { items: [merchant('7', '七号健身', null)], nextCursor: null },
    };
    renderWithBff((body) => [201, draftOf(body)], (query) => [200, pages[query.get('cursor') ?? 'first']]);
    await openForm();
    await waitFor(() => expect(optionNames()).toEqual(['九号球馆', '八号泳池']));

    await act(async () => fireEvent.click(picker().getByTestId('new-venue-merchant-more')));
    await waitFor(() => expect(optionNames()).toEqual(['九号球馆', '八号泳池', '七号健身']));
    expect(merchantQueries().at(-1)).toEqual({ cursor: 'page-2', limit: '20' });
    expect(picker().getAllByTestId('new-venue-merchant-option')[2].textContent).toContain('商户 ID 7');
    expect(picker().queryByTestId('new-venue-merchant-more')).toBeNull();
  });

  it('shows the merchants loading, says why they could not be read, and reads them again on retry', async () => {
    let answer: (reply: unknown) => void = () => undefined;
    const replies = [new Promise((resolve) => (answer = resolve)), [200, { items: MERCHANTS, nextCursor: null }]];
    renderWithBff((body) => [201, draftOf(body)], () => replies.shift());
    await openForm();
    expect(picker().getByTestId('state-loading')).toBeTruthy();

    await act(async () => answer(refusal(503, 'SERVICE_UNAVAILABLE')));
    const failure = await picker().findByTestId('state-error');
    expect(optionNames()).toEqual([]);
    await act(async () => fireEvent.click(within(failure).getByText('重试')));
    await waitFor(() => expect(optionNames()).toEqual(['山顶咖啡', '城北体育']));
  });
});
