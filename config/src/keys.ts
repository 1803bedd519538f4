import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64: Node's own decoder skips characters it does not know, which would hide a damaged key. */
export function strictBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && BASE64.test(compact) ? Buffer.from(compact, 'base64') : null;
}

/** Parses a key given as PEM or as the bare base64 of its DER (as Alipay's console shows it), trying each DER layout in turn. */
function parseKey<T>(text: string, parse: (key: string | { key: Buffer; format: 'der'; type: T }) => KeyObject, derTypes: T[]): KeyObject | null {
  const attempts: (() => KeyObject)[] = text.includes('-----BEGIN')
    ? [() => parse(text.trim())]
    : derTypes.map((type) => () => {
        const der = strictBase64(text);
        if (!der) throw new Error('not base64');
        return parse({ key: der, format: 'der', type });
      });
  for (const attempt of attempts) {
    try {
      const key = attempt();
      if (key.asymmetricKeyType === 'rsa') return key;
    } catch {
      // Not this layout; the next one may fit, and none fitting is reported by the caller.
    }
  }
  return null;
}

/** An RSA private key (PKCS#1 or PKCS#8, PEM or bare base64) as PKCS#8 PEM; null when it is not one. */
export function rsaPrivateKeyPem(text: string): string | null {
  const key = parseKey<'pkcs8' | 'pkcs1'>(text, createPrivateKey, ['pkcs8', 'pkcs1']);
  return key ? (key.export({ type: 'pkcs8', format: 'pem' }) as string) : null;
}

/** An RSA public key (SPKI or PKCS#1, PEM or bare base64) as SPKI PEM; null when it is not one. */
export function rsaPublicKeyPem(text: string): string | null {
  // createPublicKey would take a private key too and derive its public half: that is a mix-up, not a public key.
  if (/PRIVATE KEY/.test(text)) return null;
  const key = parseKey<'spki' | 'pkcs1'>(text, createPublicKey, ['spki', 'pkcs1']);
  return key ? (key.export({ type: 'spki', format: 'pem' }) as string) : null;
}
