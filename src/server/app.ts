import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FrontdeskConfig } from '../config/types.js';
import type { LoginService } from '../sp/login-service.js';
import type { Store } from '../store/index.js';
import { HttpError, sendHtml, sendJson } from './http-util.js';
import { handleHome } from './home-route.js';
import { handleAcs, handleLogout, handleMetadata, handleSpLogin, type SpRouteDeps } from './sp-routes.js';
import { handleLoginHistoryEntry, handleLoginHistoryList } from './setup-routes.js';
import { escapeHtml, page } from '../web/html.js';

export interface HttpAppDeps {
  config: FrontdeskConfig;
  store: Store;
  loginService: LoginService;
  now: () => Date;
  log: (message: string, error?: unknown) => void;
}

const SETTING = '([A-Za-z][A-Za-z0-9_]*)';
const ROUTES: Array<{
  method: string;
  pattern: RegExp;
  run: (
    deps: SpRouteDeps,
    req: IncomingMessage,
    res: ServerResponse,
    match: RegExpExecArray,
    url: URL,
  ) => Promise<void> | void;
}> = [
  { method: 'GET', pattern: /^\/$/, run: (d, req, res) => handleHome(d, req, res) },
  { method: 'GET', pattern: /^\/healthz$/, run: (_d, _req, res) => sendJson(res, 200, { ok: true }) },
  {
    method: 'POST',
    pattern: new RegExp(`^/sp/saml/acs/${SETTING}$`),
    run: (d, req, res, m) => handleAcs(d, req, res, m[1]!),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/sp/saml/login/${SETTING}$`),
    run: (d, _req, res, m, url) => handleSpLogin(d, res, m[1]!, url),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/sp/saml/metadata/${SETTING}$`),
    run: (d, _req, res, m) => handleMetadata(d, res, m[1]!),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/sp/saml/logout/${SETTING}$`),
    run: (d, req, res, m) => handleLogout(d, req, res, m[1]!),
  },
  { method: 'POST', pattern: /^\/logout$/, run: (d, req, res) => handleLogout(d, req, res, null) },
  {
    method: 'GET',
    pattern: /^\/setup\/login-history$/,
    run: (d, req, res, _m, url) => handleLoginHistoryList(d, req, res, url),
  },
  {
    method: 'GET',
    pattern: /^\/setup\/login-history\/([A-Za-z0-9]{1,40})$/,
    run: (d, req, res, m) => handleLoginHistoryEntry(d, req, res, m[1]!),
  },
];

/** Builds the HTTP server (not listening). Only this layer knows HTTP. */
export function createHttpServer(deps: HttpAppDeps): Server {
  const server = createServer((req, res) => {
    void dispatch(deps, req, res);
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

async function dispatch(deps: HttpAppDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://frontdesk.invalid');
    let pathMatched = false;
    for (const route of ROUTES) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
      await route.run(deps, req, res, match, url);
      return;
    }
    throw new HttpError(pathMatched ? 405 : 404, pathMatched ? 'method not allowed' : 'not found');
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const status = error instanceof HttpError ? error.status : 500;
    if (status === 500) deps.log('request failed', error);
    const message = error instanceof HttpError ? error.message : 'internal error';
    sendHtml(res, status, page('Error', `<h1>${status}</h1><p>${escapeHtml(message)}</p>`));
  }
}
