import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_STATUS, type ErrorCode } from '@calorie-bank/shared';

const REASONS: Partial<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function answerFor(error: NodeJS.ErrnoException): { code: ErrorCode; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') return { code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large (16 KB in all)' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' };
  return { code: 'VALIDATION_FAILED', message: 'The request is not valid HTTP' };
}

/** The raw HTTP/1.1 answer for a request Node's parser refused, in the contract's error JSON. */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const { code, message } = answerFor(error);
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message, ...(code === 'VALIDATION_FAILED' ? { details: [{ path: '', message }] } : {}) } });
  return [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Node's HTTP parser refuses some requests (oversized headers, broken syntax) before Koa sees
 * them and would answer with an empty body; this answers them in the contract's error JSON instead.
 * Like Node's own handler, it writes nothing once a response on the socket has begun, so as not
 * to corrupt it.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error));
  });
}
