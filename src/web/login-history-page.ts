import type { CheckResult } from '../saml/types.js';
import type { LoginHistoryEntry } from '../store/types.js';
import { escapeHtml, page } from './html.js';

/** The login-history list an admin opens under /setup/login-history. */
export function loginHistoryListPage(
  entries: readonly LoginHistoryEntry[],
  filter: { status?: string },
): string {
  const rows = entries
    .map(
      (e) => `<tr data-reference="${escapeHtml(e.reference)}">
<td>${escapeHtml(e.createdAt.toISOString())}</td><td>${escapeHtml(e.ssoSetting ?? '—')}</td>
<td>${escapeHtml(e.subject ?? '—')}</td><td class="status">${escapeHtml(e.status)}</td>
<td class="code">${escapeHtml(e.errorCode ?? '')}</td><td>${escapeHtml(e.jitAction)}</td>
<td><a href="/setup/login-history/${encodeURIComponent(e.reference)}">${escapeHtml(e.reference)}</a></td></tr>`,
    )
    .join('');
  const link = (label: string, status?: string) =>
    filter.status === status
      ? `<strong>${label}</strong>`
      : `<a href="/setup/login-history${status ? `?status=${status}` : ''}">${label}</a>`;
  return page(
    'Login history',
    `<h1>Login history</h1><p>${link('All')} · ${link('Failed', 'Failed')} · ${link('Success', 'Success')}</p>
<table id="login-history"><thead><tr><th>Time</th><th>Setting</th><th>Subject</th><th>Status</th><th>Code</th><th>JIT</th><th>Reference</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">No logins yet.</td></tr>'}</tbody></table>`,
  );
}

/** One entry, with the precise cause an admin needs and the browser never saw. */
export function loginHistoryEntryPage(
  entry: LoginHistoryEntry,
  checks: readonly CheckResult[] | null,
): string {
  const detail = entry.errorDetail;
  const fields: Array<[string, string]> = [
    ['Time', entry.createdAt.toISOString()],
    ['Reference', entry.reference],
    ['SSO setting', entry.ssoSetting ?? '—'],
    ['Subject', entry.subject ?? '—'],
    ['Status', entry.status],
    ['Error code', entry.errorCode ?? '—'],
    ['Failed check', detail.check ?? '—'],
    ['Expected', detail.expected ?? '—'],
    ['Received', detail.received ?? '—'],
    ['JIT action', entry.jitAction],
    ['Records touched', entry.recordsTouched.map((r) => `${r.action} ${r.type} ${r.id}`).join(', ') || '—'],
    ['Source IP', entry.sourceIp],
    ['User agent', entry.userAgent],
    ['Relay state', entry.relayState ?? '—'],
  ];
  const table = fields
    .map(
      ([k, v]) => `<tr><th>${escapeHtml(k)}</th><td data-field="${escapeHtml(k)}">${escapeHtml(v)}</td></tr>`,
    )
    .join('');
  const assertion = entry.assertion
    ? `<h2>Received SAMLResponse</h2><p>Kept until ${escapeHtml(entry.assertionExpiresAt?.toISOString() ?? '')}; paste it into
<code>frontdesk validate</code> for a check-by-check report.</p><textarea readonly rows="6" style="width:100%">${escapeHtml(entry.assertion)}</textarea>`
    : '';
  const report = checks ? validatorReport(checks) : '';
  return page(
    'Login',
    `<h1>Login ${escapeHtml(entry.reference)}</h1><table>${table}</table>${report}${assertion}
<p><a href="/setup/login-history">Back to the login history</a></p>`,
  );
}

function validatorReport(checks: readonly CheckResult[]): string {
  const rows = checks
    .map((c) => {
      const verdict = c.verdict === 'fail' ? `FAIL ${c.code ?? ''}` : c.verdict.toUpperCase();
      return `<tr data-check="${escapeHtml(c.check)}"><td>${escapeHtml(c.check)}</td><td class="verdict">${escapeHtml(verdict)}</td>
<td>${escapeHtml(c.expected ?? '')}</td><td>${escapeHtml(c.received ?? c.message ?? '')}</td></tr>`;
    })
    .join('');
  return `<h2>Assertion Validator</h2><table id="checks"><thead><tr><th>Check</th><th>Verdict</th><th>Expected</th>
<th>Received</th></tr></thead><tbody>${rows}</tbody></table>`;
}
