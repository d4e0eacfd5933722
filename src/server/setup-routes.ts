import type { IncomingMessage, ServerResponse } from 'node:http';
import { toVerifierSetting } from '../config/index.js';
import { validateSamlResponse } from '../saml/validate.js';
import { loginHistoryEntryPage, loginHistoryListPage } from '../web/login-history-page.js';
import { requireAnyPermission } from './current-user.js';
import { HttpError, sendHtml } from './http-util.js';
import type { SpRouteDeps } from './sp-routes.js';

/** DESIGN §1: the login history is for admins holding Monitor Login History or Manage Users. */
const LOGIN_HISTORY_PERMISSIONS = ['MonitorLoginHistory', 'ManageUsers'] as const;

/** GET /setup/login-history[?status=Failed|Success]. */
export async function handleLoginHistoryList(
  deps: SpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  await requireAnyPermission(deps.store, req, deps.now(), LOGIN_HISTORY_PERMISSIONS);
  const status = url.searchParams.get('status');
  const filter = status === 'Failed' || status === 'Success' ? status : undefined;
  const entries = await deps.store.loginHistory.list({ limit: 200, ...(filter ? { status: filter } : {}) });
  sendHtml(res, 200, loginHistoryListPage(entries, filter ? { status: filter } : {}));
}

/** GET /setup/login-history/{reference}. */
export async function handleLoginHistoryEntry(
  deps: SpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  reference: string,
): Promise<void> {
  await requireAnyPermission(deps.store, req, deps.now(), LOGIN_HISTORY_PERMISSIONS);
  const entry = await deps.store.loginHistory.findByReference(reference);
  if (!entry) throw new HttpError(404, 'no login with that reference');
  // The validator re-runs every check at the time of the attempt, so the admin sees each verdict.
  const setting = deps.config.ssoSettings.find((s) => s.apiName === entry.ssoSetting);
  const checks =
    entry.assertion && setting
      ? validateSamlResponse(entry.assertion, toVerifierSetting(setting), { now: entry.createdAt }).checks
      : null;
  sendHtml(res, 200, loginHistoryEntryPage(entry, checks));
}
