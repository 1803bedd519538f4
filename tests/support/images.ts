import { encodeRgbPng } from '../../bff/src/media/png.js';

/** A real PNG, `side`×`side` pixels of one colour (RGB, 8 bits), made here so tests carry no binary file. */
export function png(side = 64, rgb: [number, number, number] = [16, 185, 129]): Buffer {
  return encodeRgbPng(side, side, () => rgb);
}

/** Posts `bytes` as the multipart field `file`, as the mini-program's uploadFile does, and answers status and JSON body. */
export async function uploadFile(url: string, token: string, bytes: Buffer, name: string, type: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: (await response.json()) as any };
}
