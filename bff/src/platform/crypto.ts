import { createDecipheriv, createHash, createPublicKey, type KeyObject } from 'node:crypto';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (standard alphabet, padded): Node's decoder silently skips bad characters. */
export function decodeBase64(text: string): Buffer | null {
  if (text.length === 0 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/** AES-128-CBC with PKCS#7 padding; null when the key, IV or padding is wrong. */
export function aes128CbcDecrypt(ciphertext: Buffer, key: Buffer, iv: Buffer): string | null {
  if (key.length !== 16 || iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // A wrong key or a tampered block shows up as bad padding: the payload is unreadable.
    return null;
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Wraps a bare base64 key body in PEM armour; a key that is already PEM is returned as it is. */
export function toPem(key: string, label: 'PUBLIC KEY' | 'PRIVATE KEY' | 'RSA PRIVATE KEY'): string {
  const trimmed = key.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const body = trimmed.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}

/** Parses a public key once; verifying with a parsed key is several times faster than with PEM text. */
export function parsePublicKey(key: string): KeyObject {
  return createPublicKey(toPem(key, 'PUBLIC KEY'));
}

/** Parses JSON, answering null instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
