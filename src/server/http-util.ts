import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFormFields, type FormFields } from './form.js';

/** Raised while reading a request; carries the status to answer with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `limit` bytes. A larger body is refused as soon as its declared
 * length or its running size passes the limit, so an oversized SAMLResponse is never parsed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new HttpError(413, 'request body too large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** Parses an application/x-www-form-urlencoded body; any other content type is refused. */
export function parseForm(req: IncomingMessage, body: Buffer): FormFields {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'expected a form post');
  return parseFormFields(body.toString('utf8'));
}

/**
 * The Content-Security-Policy of every response. No page runs script, except one that passes the
 * per-response nonce its single inline `<script nonce>` carries (the POST-binding auto-submit).
 *
 * @example
 * const nonce = randomBytes(16).toString('base64');
 * sendHtml(res, 200, html, { 'content-security-policy': contentSecurityPolicy(nonce) });
 */
export function contentSecurityPolicy(scriptNonce?: string): string {
  const script = scriptNonce === undefined ? "'none'" : `'nonce-${scriptNonce}'`;
  return `default-src 'none'; style-src 'unsafe-inline'; script-src ${script}; form-action *; frame-ancestors 'none'; base-uri 'none'`;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, status, html, 'text/html; charset=utf-8', headers);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

export function redirect(
  res: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(302, { ...SECURITY_HEADERS, location, 'content-length': 0, ...headers });
  res.end();
}

/**
 * The client address; X-Forwarded-For only when the operator said a proxy is in front. Each
 * proxy appends the address it saw, so only the right-most entry was written by our proxy;
 * everything left of it is whatever the client chose to send.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const header = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = header?.split(',').pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? '';
}
