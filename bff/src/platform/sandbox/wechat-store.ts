import type { DataSource } from 'typeorm';
import { saveWechatCode, saveWechatSessionKey, takeWechatCode, wechatSessionKey } from '../../db/sandbox-wechat.js';

/**
 * Where the sandbox WeChat keeps its login codes and each user's current session key. WeChat keeps
 * them on its own servers, which every BFF process reaches; the sandbox mounted in each BFF process
 * keeps them in the database for the same reason. A standalone sandbox, one process, keeps them in memory.
 */
export interface WechatSessionStore {
  saveCode(code: string, openid: string, expiresAt: number): Promise<void>;
  /** The code's grant, once; null for an unknown or already used code. */
  takeCode(code: string): Promise<{ openid: string; expiresAt: number } | null>;
  saveSessionKey(openid: string, sessionKey: string, now: number): Promise<void>;
  sessionKey(openid: string): Promise<string | null>;
}

export function memoryWechatStore(): WechatSessionStore {
  const codes = new Map<string, { openid: string; expiresAt: number }>();
  const sessionKeys = new Map<string, string>();
  return {
    saveCode: async (code, openid, expiresAt) => void codes.set(code, { openid, expiresAt }),
    takeCode: async (code) => {
      const grant = codes.get(code) ?? null;
      codes.delete(code);
      return grant;
    },
    saveSessionKey: async (openid, sessionKey) => void sessionKeys.set(openid, sessionKey),
    sessionKey: async (openid) => sessionKeys.get(openid) ?? null,
  };
}

export function databaseWechatStore(db: DataSource): WechatSessionStore {
  return {
    saveCode: (code, openid, expiresAt) => saveWechatCode(db, code, openid, expiresAt),
    takeCode: (code) => takeWechatCode(db, code),
    saveSessionKey: (openid, sessionKey, now) => saveWechatSessionKey(db, openid, sessionKey, now),
    sessionKey: (openid) => wechatSessionKey(db, openid),
  };
}
