/**
 * The one number format of the screens: digits grouped by threes with a comma (12,000), whatever
 * the browser's locale, so a number reads the same on every card, ring and board.
 */
export function formatNumber(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.trunc(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `n` and an English noun, singular for exactly one: `count(1, 'member')` is "1 member", `count(2, 'reply', 'replies')` "2 replies". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
