import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from './tokens.js';

const SECRET = 'a-session-secret-that-is-long-enough-for-hs256';
const start = new Date('2026-11-30T12:00:00Z');

/** A token signed by another library (jose), as any client of the contract could make one. */
function foreign(claims: Record<string, unknown>, options: { secret?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const valid = { sub: '42', aud: 'user', iss: 'calorie-bank', iat: seconds(start), exp: seconds(start) + 3600 };

describe('session tokens', () => {
  it('issues a standard HS256 JWT with the session claims, and reads it back', async () => {
    const tokens = new SessionTokens(SECRET, 3600, () => start);
    const { token, expiresAt } = await tokens.issue({ subject: '7', audience: 'staff', role: 'merchant', merchantId: '3' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({ iss: 'calorie-bank', aud: 'staff', sub: '7', role: 'merchant', mid: '3', iat: seconds(start), exp: seconds(start) + 3600 });
    expect(expiresAt.getTime()).toBe(start.getTime() + 3_600_000);
    expect(await tokens.verify(token, 'staff')).toEqual({ subject: '7', audience: 'staff', role: 'merchant', merchantId: '3' });
  });

  it('accepts a token another library signed with the same secret', async () => {
    const tokens = new SessionTokens(SECRET, 3600, () => start);
    expect(await tokens.verify(await foreign(valid), 'user')).toEqual({ subject: '42', audience: 'user', role: undefined, merchantId: undefined });
  });

  it.each([
    ['another secret', () => foreign(valid, { secret: 'some-other-secret-that-is-long-enough' })],
    ['another audience', () => foreign({ ...valid, aud: 'staff' })],
    ['another issuer', () => foreign({ ...valid, iss: 'someone-else' })],
    ['no audience', () => foreign({ ...valid, aud: undefined })],
    ['no issuer', () => foreign({ ...valid, iss: undefined })],
    ['a non-numeric not-before', () => foreign({ ...valid, nbf: 'soon' })],
    ['a non-numeric issued-at', () => foreign({ ...valid, iat: 'today' })],
    ['no subject', () => foreign({ ...valid, sub: undefined })],
    ['no expiry', () => foreign({ ...valid, exp: undefined })],
    ['a later not-before', () => foreign({ ...valid, nbf: seconds(start) + 60 })],
    ['HS512', () => foreign(valid, { alg: 'HS512' })],
    ['no signature (alg none)', async () => new UnsecuredJWT(valid).encode()],
    ['a changed payload', async () => {
      const [header, , signature] = (await foreign(valid)).split('.');
      return `${header}.${Buffer.from(JSON.stringify({ ...valid, sub: '1' })).toString('base64url')}.${signature}`;
    }],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses a token with %s as AUTH_INVALID', async (_, make) => {
    const tokens = new SessionTokens(SECRET, 3600, () => start);
    await expect(tokens.verify(await make(), 'user')).rejects.toMatchObject({ code: 'AUTH_INVALID' });
  });

  it('refuses a token once its expiry passes, whether or not it was checked before', async () => {
    let now = start;
    const tokens = new SessionTokens(SECRET, 3600, () => now);
    const seen = (await tokens.issue({ subject: '5', audience: 'user' })).token;
    const unseen = (await tokens.issue({ subject: '6', audience: 'user' })).token;
    await tokens.verify(seen, 'user');
    now = new Date(start.getTime() + 3_600_000);
    for (const token of [seen, unseen]) await expect(tokens.verify(token, 'user')).rejects.toMatchObject({ code: 'AUTH_INVALID', message: expect.stringMatching(/expired/) });
  });

  it('refuses a user token where a staff token is needed, also after it was verified as a user token', async () => {
    const tokens = new SessionTokens(SECRET, 3600, () => start);
    const { token } = await tokens.issue({ subject: '9', audience: 'user' });
    await tokens.verify(token, 'user');
    await expect(tokens.verify(token, 'staff')).rejects.toMatchObject({ code: 'AUTH_INVALID' });
  });
});
