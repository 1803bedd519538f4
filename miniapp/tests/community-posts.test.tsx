import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, refusal } from './fake-taro';

/** The BFF as the community screens see it: every request goes to `bff`, storage is a map with a user's session. */
const bff = vi.hoisted(() => vi.fn());
const toast = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff, { showToast: toast }),
  useRouter: () => ({ params: { id: '40' } }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const { Composer } = await import('../src/packages/communities/posts/Composer');
const { default: PostDetail } = await import('../src/packages/communities/pages/post/index');

const ME = { user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false }, wallet: { balance: 500 }, today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 } };
const authorOf = (id: string, name: string) => ({ kind: 'user', id, name, avatarUrl: null });
const postBy = (id: string, authorId: string) => ({
  id, communityId: '7', communityName: '周末徒步群', author: authorOf(authorId, authorId === '1' ? '小林' : '阿杰'), text: '今天走了两万步', images: [], card: null,
  likes: 0, comments: 2, likedByMe: false, canDelete: authorId === '1', status: 'visible', createdAt: '2026-06-15T01:00:00.000Z',
});
const commentBy = (id: string, authorId: string, text: string) => ({
  id, postId: '40', parentId: null, author: authorOf(authorId, authorId === '1' ? '小林' : '阿杰'), text, canDelete: authorId === '1', createdAt: '2026-06-15T01:10:00.000Z', replies: [], replyCount: 0,
});

/** Types into a Taro Textarea or Input once it has drawn its own field. */
async function type(testId: string, value: string) {
  const field = await waitFor(() => {
    const element = screen.getByTestId(testId);
    return element.matches('textarea, input') ? element : element.querySelector('textarea, input') ?? Promise.reject(new Error(`${testId} has no field yet`));
  });
  await act(async () => fireEvent.input(field, { target: { value } }));
}
const posted = () => bff.mock.calls.filter(([method]) => method === 'POST');

describe('writing a post or a comment', () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.token', 'user-token');
  });

  it('says a post over 1,000 characters is too long beside the text, with the length written, and does not send it', async () => {
    answerRoutes(bff, { 'POST /communities/7/posts': () => refusal(400, 'VALIDATION_FAILED', [{ path: 'text', message: 'must be at most 1000 characters' }]) });
    render(<Composer communityId='7' events={[]} onPosted={vi.fn()} />);
    await act(async () => fireEvent.click(screen.getByTestId('composer-publish')));
    expect(screen.getByTestId('field-error-text').textContent).toBe('请写点内容');

    // Counted in code points: an emoji is one character.
    await type('composer-text', `${'走'.repeat(1000)}😀`);
    // The stale "write something" went with the edit; the length is said as it is typed.
    expect(screen.getByTestId('field-error-text').textContent).toBe('最多 1,000 字（已写 1,001 字）');
    // The button looks disabled, and a tap on it (Taro H5 still fires one) sends nothing either.
    await act(async () => fireEvent.click(screen.getByTestId('composer-publish')));
    expect(posted()).toHaveLength(0);
    expect(screen.getByTestId('field-error-text').textContent).toBe('最多 1,000 字（已写 1,001 字）');

    await type('composer-text', '走'.repeat(1000));
    expect(screen.queryByTestId('field-error-text')).toBeNull();
  });

  it("takes the BFF's mistake about the text away once the text is edited", async () => {
    answerRoutes(bff, { 'POST /communities/7/posts': () => refusal(400, 'VALIDATION_FAILED', [{ path: 'text', message: 'Invalid input' }]) });
    render(<Composer communityId='7' events={[]} onPosted={vi.fn()} />);
    await type('composer-text', '今天走了两万步');
    await act(async () => fireEvent.click(screen.getByTestId('composer-publish')));
    await waitFor(() => expect(screen.getByTestId('field-error-text').textContent).toBe('请检查这一项'));
    await type('composer-text', '今天走了两万步！');
    expect(screen.queryByTestId('field-error-text')).toBeNull();
  });

  it('says a comment over 500 characters is too long beside the box, does not send it, and lets an edit take the mistake away', async () => {
    answerRoutes(bff, {
      'GET /me': () => [200, ME],
      'GET /me/warnings': () => [200, { items: [], frozen: false }],
      'GET /posts/40': () => [200, { post: postBy('40', '2') }],
      'GET /posts/40/comments': () => [200, { items: [], nextCursor: null, total: 0 }],
    });
    render(<PostDetail />);
    await screen.findByTestId('comment-input');
    // Longer than Taro's Input takes unless told: the box must not cut the text at 140 characters.
    expect((screen.getByTestId('comment-input') as HTMLInputElement).maxLength).toBeGreaterThan(500);
    await act(async () => fireEvent.click(screen.getByTestId('comment-send')));
    expect(screen.getByTestId('field-error-comment').textContent).toBe('请写点内容');
    await type('comment-input', '好'.repeat(501));
    expect(screen.getByTestId('field-error-comment').textContent).toBe('最多 500 字（已写 501 字）');
    await act(async () => fireEvent.click(screen.getByTestId('comment-send')));
    expect(posted()).toHaveLength(0);
    await type('comment-input', '好');
    expect(screen.queryByTestId('field-error-comment')).toBeNull();
  });
});

describe('reporting posts and comments', () => {
  beforeEach(() => {
    bff.mockReset();
    toast.mockReset();
    storage.clear();
    storage.set('cb.token', 'user-token');
  });

  /** The post and its two comments, the user's own and `othersId`, another user's. */
  const routes = (post: object, othersId = '52') => ({
    'GET /me': () => [200, ME],
    'GET /me/warnings': () => [200, { items: [], frozen: false }],
    'GET /posts/40': () => [200, { post }],
    'GET /posts/40/comments': () => [200, { items: [commentBy('51', '1', '我也去了'), commentBy(othersId, '2', '下次一起')], nextCursor: null, total: 2 }],
    'POST /comments/52/report': () => [200, { reported: true }],
    'POST /posts/40/report': () => [200, { reported: true }],
  });
  const comment = (index: number) => screen.getAllByTestId('comment')[index];
  const inComment = (index: number, testId: string) => comment(index).querySelector(`[data-testid=${testId}]`) as HTMLElement | null;

  it("offers no report of the user's own post or comment", async () => {
    answerRoutes(bff, routes(postBy('40', '1')));
    render(<PostDetail />);
    await waitFor(() => expect(screen.getAllByTestId('comment')).toHaveLength(2));
    await waitFor(() => expect(inComment(0, 'report-comment')).toBeNull());
    expect(screen.queryByTestId('report')).toBeNull();
    expect(inComment(1, 'report-comment')?.textContent).toBe('举报');
  });

  it('shows a reported comment as 已举报, not to be tapped again, with the confirmation as a toast rather than after its text', async () => {
    answerRoutes(bff, routes(postBy('40', '2')));
    render(<PostDetail />);
    await waitFor(() => expect(inComment(1, 'report-comment')).not.toBeNull());
    await act(async () => fireEvent.click(inComment(1, 'report-comment')!));
    await act(async () => fireEvent.click(comment(1).querySelector('[data-testid=report-spam]')!));
    await waitFor(() => expect(inComment(1, 'comment-reported')?.textContent).toBe('已举报'));
    expect(inComment(1, 'report-comment')).toBeNull();
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已举报，运营会尽快处理' }));
    expect(comment(1).textContent).not.toMatch(/运营会尽快处理/);
    expect(inComment(1, 'comment-text')?.textContent).toBe('下次一起');

    // The post too: reported once, it says so instead of offering it again.
    await act(async () => fireEvent.click(screen.getByTestId('report')));
    await act(async () => fireEvent.click(screen.getByTestId('report-reasons').querySelector('[data-testid=report-abuse]')!));
    await waitFor(() => expect(screen.getByTestId('reported').textContent).toBe('已举报'));
    expect(screen.queryByTestId('report')).toBeNull();
    expect(posted().map(([, path]) => path)).toEqual(['/comments/52/report', '/posts/40/report']);
  });

  it('says a failed report on a line of its own under the comment', async () => {
    answerRoutes(bff, { ...routes(postBy('40', '2'), '53'), 'POST /comments/53/report': () => refusal(404, 'NOT_FOUND') });
    render(<PostDetail />);
    await waitFor(() => expect(inComment(1, 'report-comment')).not.toBeNull());
    await act(async () => fireEvent.click(inComment(1, 'report-comment')!));
    await act(async () => fireEvent.click(comment(1).querySelector('[data-testid=report-spam]')!));
    await waitFor(() => expect(inComment(1, 'comment-notice')?.textContent).toBe('没有找到，可能已下架或不属于你。'));
    // Styled as a line of its own (display: block, a background), not as more of the comment's text.
    expect(inComment(1, 'comment-notice')?.classList.contains('comment__notice')).toBe(true);
    expect(inComment(1, 'comment-text')?.textContent).toBe('下次一起');
    expect(inComment(1, 'report-comment')?.textContent).toBe('举报');
  });
});
