import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FrontdeskConfig, SsoSettingConfig } from '../config/types.js';
import { buildSpMetadata } from '../saml/build/metadata.js';
import { SamlError } from '../saml/errors.js';
import type { LoginService } from '../sp/login-service.js';
import { startSpInitiatedLogin } from '../sp/sp-initiated.js';
import type { Store } from '../store/index.js';
import { escapeHtml, page } from '../web/html.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';
import {
  clientIp,
  contentSecurityPolicy,
  HttpError,
  parseForm,
  readBody,
  redirect,
  send,
  sendHtml,
} from './http-util.js';
import { relayRedirectTarget, safeRelayState } from './relay-state.js';
import { assertSameOrigin } from './same-origin.js';

export interface SpRouteDeps {
  config: FrontdeskConfig;
  store: Store;
  loginService: LoginService;
  now: () => Date;
}

function settingOr404(deps: SpRouteDeps, apiName: string): SsoSettingConfig {
  const setting = deps.config.ssoSettings.find((s) => s.apiName === apiName);
  if (!setting) throw new HttpError(404, 'unknown SSO setting');
  return setting;
}

const secureCookies = (config: FrontdeskConfig) => config.baseUrl.startsWith('https:');

/** POST /sp/saml/acs/{setting}: the HTTP-POST binding's Assertion Consumer Service. */
export async function handleAcs(
  deps: SpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  apiName: string,
): Promise<void> {
  const attempt = {
    settingApiName: apiName,
    samlResponse: undefined as string | undefined,
    relayState: null as string | null,
    sourceIp: clientIp(req, deps.config.server.trustProxy),
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 512),
  };
  let outcome;
  try {
    const form = parseForm(req, await readBody(req, deps.config.server.maxBodyBytes));
    attempt.samlResponse = form.get('SAMLResponse') ?? undefined;
    attempt.relayState = form.get('RelayState') ?? null;
    outcome = await deps.loginService.acs(attempt);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const code = error.status === 413 ? 'RESPONSE_TOO_LARGE' : 'RESPONSE_MISSING';
    outcome = await deps.loginService.rejectBeforePipeline(
      attempt,
      new SamlError(code, error.message, { check: 'size' }),
    );
    if (error.status === 413) res.setHeader('connection', 'close');
  }
  if (outcome.ok) {
    const cookie = sessionCookie(outcome.sessionToken, {
      secure: secureCookies(deps.config),
      maxAgeSeconds: (outcome.sessionExpiresAt.getTime() - deps.now().getTime()) / 1000,
    });
    redirect(res, relayRedirectTarget(outcome.relayState, deps.config.baseUrl) ?? '/', {
      'set-cookie': cookie,
    });
    return;
  }
  if (outcome.customErrorUrl) {
    // The schema allows a path on this server as well as an absolute URL.
    const target = new URL(outcome.customErrorUrl, deps.config.baseUrl);
    target.searchParams.set('reference', outcome.reference);
    redirect(res, target.toString());
    return;
  }
  // Vague outward, precise inward: the code and its detail stay in the login history.
  sendHtml(
    res,
    403,
    page(
      'Sign-in failed',
      `<h1>Sign-in failed</h1><p>We could not sign you in. If you contact your administrator, give them this reference:</p>
<p><span class="ref" id="reference">${escapeHtml(outcome.reference)}</span></p><p><a href="/">Back to the start page</a></p>`,
    ),
  );
}

/** GET /sp/saml/login/{setting}?RelayState=…: SP-initiated login. */
export async function handleSpLogin(
  deps: SpRouteDeps,
  res: ServerResponse,
  apiName: string,
  url: URL,
): Promise<void> {
  const setting = settingOr404(deps, apiName);
  if (!setting.idpLoginUrl) throw new HttpError(409, 'this SSO setting has no IdP login URL');
  const relayState = safeRelayState(url.searchParams.get('RelayState'));
  const start = await startSpInitiatedLogin(deps.store, setting, relayState, deps.now(), {
    forceAuthn: url.searchParams.get('forceAuthn') === 'true',
  });
  if (start.binding === 'HTTP-Redirect') {
    redirect(res, start.location);
    return;
  }
  const relayInput = start.relayState
    ? `<input type="hidden" name="RelayState" value="${escapeHtml(start.relayState)}">`
    : '';
  // The only page that runs script: its one inline script is allowed by a nonce used once.
  const nonce = randomBytes(16).toString('base64');
  sendHtml(
    res,
    200,
    page(
      'Signing in',
      `<form id="saml" method="post" action="${escapeHtml(start.action)}">
<input type="hidden" name="SAMLRequest" value="${escapeHtml(start.samlRequest)}">${relayInput}
<p>Sending you to your identity provider…</p><noscript><button type="submit">Continue</button></noscript></form>
<script nonce="${nonce}">document.getElementById('saml').submit()</script>`,
    ),
    { 'content-security-policy': contentSecurityPolicy(nonce) },
  );
}

/** GET /sp/saml/metadata/{setting}. */
export function handleMetadata(deps: SpRouteDeps, res: ServerResponse, apiName: string): void {
  const setting = settingOr404(deps, apiName);
  const xml = buildSpMetadata({
    spEntityId: setting.spEntityId,
    acsUrl: setting.endpoints.acsUrl,
    signRequests: setting.signRequests,
    wantAssertionsSigned: setting.signatureRequirement !== 'response',
    signingCertificate: setting.requestSigningCertificate,
  });
  send(res, 200, xml, 'application/samlmetadata+xml; charset=utf-8', {
    'cache-control': 'public, max-age=300',
  });
}

/**
 * POST /sp/saml/logout/{setting} and POST /logout: ends the local session, then sends the browser
 * to the IdP's logout URL if the setting has one. Not SAML Single Logout: no LogoutRequest is
 * sent or processed. POST-only and same-origin, so another site cannot sign a user out.
 */
export async function handleLogout(
  deps: SpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  apiName: string | null,
): Promise<void> {
  assertSameOrigin(req, deps.config.baseUrl);
  const setting = apiName ? settingOr404(deps, apiName) : null;
  // The body carries nothing we use; drain it so the connection can be reused.
  req.resume();
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (token) await deps.store.sessions.delete(token);
  redirect(res, setting?.idpLogoutUrl ?? '/', {
    'set-cookie': clearedSessionCookie(secureCookies(deps.config)),
  });
}
