/**
 * A small JSON body reader (no body-parser dependency), strict on purpose (docs/security.md F-02, T13):
 * - `application/json` only (415 otherwise): no route works with a CORS-safelisted content type;
 * - at most `limit` bytes (413), refused from Content-Length before reading, or as soon as the
 *   stream passes the limit;
 * - UTF-8 that decodes strictly, JSON that parses, an object at the top (400 invalid_request);
 * - the parser's message is never logged or returned: it quotes the body (passwords).
 */
import type Koa from 'koa';
import { AuthError } from '../errors.js';

export const BODY_LIMIT = 16 * 1024;
// One decoder for every request: a non-streaming decode() keeps no state between calls.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export async function readJsonBody(
  ctx: Koa.Context,
  options: { limit?: number; allowEmpty?: boolean } = {},
): Promise<Record<string, unknown>> {
  const limit = options.limit ?? BODY_LIMIT;
  const declared = ctx.get('Content-Length');
  const chunked = /chunked/i.test(ctx.get('Transfer-Encoding'));
  const empty = !chunked && (declared === '' || declared === '0');

  if (empty && options.allowEmpty) return {};
  const type = ctx.get('Content-Type');
  if (!/^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i.test(type))
    throw new AuthError('unsupported_media_type');

  if (declared !== '' && Number(declared) > limit) {
    ctx.set('Connection', 'close'); // the unread body is not drained: the connection ends with the answer
    throw new AuthError('payload_too_large');
  }
  const chunks = await readAtMost(ctx, limit);
  const size = chunks.reduce((n, c) => n + c.length, 0);
  if (size === 0) {
    if (options.allowEmpty) return {};
    throw new AuthError('invalid_request', { message: 'The request body is empty.' });
  }

  let text: string;
  let value: unknown;
  try {
    text = STRICT_UTF8.decode(Buffer.concat(chunks));
    value = JSON.parse(text);
  } catch {
    throw new AuthError('invalid_request', { message: 'The request body is not valid JSON.' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AuthError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  // JSON.parse keeps the LAST of two equal keys; a body that says two things is refused (F-02).
  if (hasDuplicateTopLevelKey(text)) {
    throw new AuthError('invalid_request', { message: 'The request body repeats a field.' });
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the body, stopping as soon as it passes `limit`. The stream is paused, not destroyed,
 * so the 413 can still be written; `Connection: close` then ends the connection after it.
 */
function readAtMost(ctx: Koa.Context, limit: number): Promise<Buffer[]> {
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        ctx.set('Connection', 'close');
        reject(new AuthError('payload_too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks);
    };
    const onError = () => {
      cleanup();
      reject(new AuthError('invalid_request', { message: 'The request body could not be read.' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}

/** Scans already-valid JSON for a repeated key in the top-level object (keys compared decoded). */
export function hasDuplicateTopLevelKey(text: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      let next = end + 1;
      while (next < text.length && ' \t\n\r'.includes(text[next]!)) next++;
      if (depth === 1 && text[next] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (seen.has(key)) return true;
        seen.add(key);
      }
      i = end;
    }
  }
  return false;
}
