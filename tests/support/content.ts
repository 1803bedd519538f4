import { randomUUID } from 'node:crypto';
import { call, type ApiAnswer, type TestUser } from './client.js';
import type { TestServer } from './harness.js';
import { png, uploadFile } from './images.js';

/** An operator uploads a picture (a cover or an artwork) and answers its url. */
export async function uploadOpsImage(server: TestServer, operator: string, rgb: [number, number, number] = [59, 130, 246]): Promise<string> {
  const answer = await uploadFile(`${server.url}/api/v1/ops/uploads`, operator, png(64, rgb), 'cover.png', 'image/png');
  if (answer.status !== 201) throw new Error(`upload failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.image.url as string;
}

/** An operator publishes a content item; answers the whole answer (status and body). */
export function publish(server: TestServer, operator: string, item: Record<string, unknown>): Promise<ApiAnswer> {
  return call(server, 'POST', '/api/v1/ops/content', { token: operator, body: { tags: ['running'], ...item } });
}

/** An operator defines a collectible series; answers the series. */
export async function defineSeries(server: TestServer, operator: string, body: Record<string, unknown>) {
  const answer = await call(server, 'POST', '/api/v1/ops/collectibles/series', { token: operator, body: { description: '', ...body } });
  if (answer.status !== 201) throw new Error(`series failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.series as { id: string; editionSize: number };
}

export function buySeries(server: TestServer, user: TestUser, seriesId: string, key: string = randomUUID()): Promise<ApiAnswer> {
  return call(server, 'POST', `/api/v1/collectibles/series/${seriesId}/buy`, { token: user.token, headers: { 'idempotency-key': key } });
}

export function buyMembership(server: TestServer, user: TestUser, key: string = randomUUID()): Promise<ApiAnswer> {
  return call(server, 'POST', '/api/v1/membership/purchase', { token: user.token, headers: { 'idempotency-key': key } });
}

export async function collectionOf(server: TestServer, user: TestUser) {
  const answer = await call(server, 'GET', '/api/v1/me/collectibles?limit=100', { token: user.token });
  return answer.body.items as { seriesId: string; serial: number; editionSize: number; obtainedBy: string; transferable: boolean }[];
}
