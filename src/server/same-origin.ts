import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-util.js';

/**
 * Refuses (403) a state-changing request another site made the browser send.
 *
 * Browsers that send `Sec-Fetch-Site` say exactly where the request came from: only
 * `same-origin` and `none` (typed in, bookmark) pass. Older browsers send `Origin` on a POST,
 * which must be the origin of `baseUrl`. A request with neither header did not come from a
 * browser form on another site, so it passes (a client without these headers carries no
 * cookie it did not choose to send).
 *
 * @example
 * assertSameOrigin(req, config.baseUrl); // throws HttpError(403) for a cross-site form post
 */
export function assertSameOrigin(req: IncomingMessage, baseUrl: string): void {
  const fetchSite = header(req, 'sec-fetch-site');
  if (fetchSite !== undefined) {
    if (fetchSite !== 'same-origin' && fetchSite !== 'none') throw refused();
    return;
  }
  const origin = header(req, 'origin');
  if (origin !== undefined && origin !== new URL(baseUrl).origin) throw refused();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refused(): HttpError {
  return new HttpError(403, 'cross-site request refused');
}
