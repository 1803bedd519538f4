import { en } from './messages-en';
import { zh, type Messages } from './messages-zh';

function systemLanguage(): string {
  try {
    return typeof navigator !== 'undefined' ? navigator.language : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Whether the user reads English; Chinese otherwise (and always in a mini-program, which has no `navigator`). */
export const english = /^en\b/i.test(systemLanguage());

export const t: Messages = english ? en : zh;

/** Picks the strings of the user's language (for a subpackage's own strings). */
export function localized<T>(strings: { zh: T; en: T }): T {
  return english ? strings.en : strings.zh;
}
