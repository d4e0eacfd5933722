import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, page } from '../web/html.js';
import { signedInSession } from './current-user.js';
import { sendHtml } from './http-util.js';
import type { SpRouteDeps } from './sp-routes.js';

/** GET /: who is signed in, or where to sign in. */
export async function handleHome(
  deps: SpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const signedIn = await signedInSession(deps.store, req, deps.now());
  if (signedIn) {
    const { user, session } = signedIn;
    const rows: Array<[string, string | null]> = [
      ['Username', user.username],
      ['Name', [user.firstName, user.lastName].filter(Boolean).join(' ')],
      ['Email', user.email],
      ['Federation ID', user.federationIdentifier],
      ['Signed in through', session.ssoSetting],
      ['Session ends', session.expiresAt.toISOString()],
    ];
    const table = rows
      .map(
        ([k, v]) =>
          `<tr><th>${escapeHtml(k)}</th><td data-field="${escapeHtml(k)}">${escapeHtml(v ?? '')}</td></tr>`,
      )
      .join('');
    sendHtml(
      res,
      200,
      page(
        'Signed in',
        `<h1>Welcome, <span id="username">${escapeHtml(user.username)}</span></h1><table>${table}</table>
<form method="post" action="/logout"><p><button type="submit">Sign out</button></p></form>`,
      ),
    );
    return;
  }
  const links = deps.config.ssoSettings
    .filter((s) => s.idpLoginUrl)
    .map(
      (s) =>
        `<li><a class="button" href="/sp/saml/login/${escapeHtml(s.apiName)}">Sign in with ${escapeHtml(s.name)}</a></li>`,
    )
    .join('');
  sendHtml(
    res,
    200,
    page(
      'Frontdesk',
      `<h1>${escapeHtml(deps.config.org.name)}</h1><p>You are not signed in.</p>${
        links ? `<ul>${links}</ul>` : '<p>No SSO setting with an IdP login URL is configured yet.</p>'
      }`,
    ),
  );
}
