import type { FrontdeskConfig, SsoSettingConfig } from '../config/types.js';
import { isSamlError, SamlError, type SamlErrorCode } from '../saml/errors.js';
import type { VerifiedAssertion } from '../saml/types.js';
import type { Store, StoreTx } from '../store/index.js';
import { isUniqueViolation } from '../store/index.js';
import type { JitAction, RecordTouched, User } from '../store/types.js';
import { findUserByIdentity } from './identity.js';
import type { Provisioner } from './provisioner.js';
import { reasonFor } from './reasons.js';
import { inlineVerifier, type ResponseVerifier } from './verifier.js';

/** One POST to the Assertion Consumer Service, as the HTTP layer hands it over. */
export interface AcsAttempt {
  settingApiName: string;
  samlResponse: string | undefined;
  relayState: string | null;
  sourceIp: string;
  userAgent: string;
}

export type AcsOutcome =
  | {
      ok: true;
      user: User;
      sessionToken: string;
      sessionExpiresAt: Date;
      relayState: string | null;
      reference: string;
      jitAction: JitAction;
    }
  | {
      ok: false;
      code: SamlErrorCode;
      reference: string;
      /** Where the browser goes instead of Frontdesk's error page, if the setting says so. */
      customErrorUrl: string | null;
    };

export interface LoginServiceDeps {
  config: FrontdeskConfig;
  store: Store;
  now?: () => Date;
  /** JIT provisioning; absent or returning null means "no JIT for this setting". */
  provisioner?: Provisioner;
  /** Where unexpected failures are reported (the precise cause stays server-side). */
  log?: (message: string, error: unknown) => void;
  /** Signature and protocol checks; default on this thread (`createResponseVerifier` moves them to workers). */
  verifier?: ResponseVerifier;
}

/** Failed assertions are kept for admins to open in the validator for this long. */
const FAILED_ASSERTION_RETENTION_MS = 7 * 24 * 3600_000;
const MAX_PROVISIONING_ATTEMPTS = 3;
const MAX_STORED_RELAY_STATE = 1024;
/** Failures before a tree existed: nothing an admin could validate again. */
const UNPARSED_FAILURES: ReadonlySet<string> = new Set(['size', 'decode', 'parse', 'certificates']);
const UNPARSED_CODES: ReadonlySet<SamlErrorCode> = new Set<SamlErrorCode>([
  'RESPONSE_MISSING',
  'RESPONSE_TOO_LARGE',
  'RESPONSE_ENCODING_INVALID',
  'XML_MALFORMED',
  'XML_DTD_FORBIDDEN',
  'XML_ENTITY_FORBIDDEN',
  'XML_TOO_DEEP',
  'XML_TOO_COMPLEX',
  'SSO_SETTING_NOT_FOUND',
]);

/**
 * The login pipeline behind the ACS: verify (pure core, possibly on a worker thread), then one
 * transaction for replay → InResponseTo against outstanding requests → identity → JIT →
 * session → login history. A failure writes exactly one login-history entry instead, in the
 * same transaction that burns a verified assertion's id and its request.
 */
export class LoginService {
  private readonly now: () => Date;
  private readonly verifier: ResponseVerifier;

  constructor(private readonly deps: LoginServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.verifier = deps.verifier ?? inlineVerifier;
  }

  async acs(attempt: AcsAttempt): Promise<AcsOutcome> {
    const now = this.now();
    const setting = this.deps.config.ssoSettings.find((s) => s.apiName === attempt.settingApiName) ?? null;
    let subject: string | null = null;
    let verified: VerifiedAssertion | null = null;
    try {
      if (!setting) {
        throw new SamlError('SSO_SETTING_NOT_FOUND', `no SSO setting named ${attempt.settingApiName}`, {
          received: attempt.settingApiName,
        });
      }
      const result = await this.verifier.verify(setting, attempt.samlResponse ?? '', now);
      if (!result.valid) {
        const first = result.errors[0]!;
        throw new SamlError(first.code, first.message, first);
      }
      verified = result.assertion;
      subject = verified.subject;
      return await this.completeLogin(setting, verified, attempt, now);
    } catch (error) {
      return this.recordFailure(setting, attempt, subject, error, now, verified);
    }
  }

  /** Records an attempt the HTTP layer refused before the pipeline could run (e.g. an oversized body). */
  async rejectBeforePipeline(attempt: AcsAttempt, error: SamlError): Promise<AcsOutcome> {
    const setting = this.deps.config.ssoSettings.find((s) => s.apiName === attempt.settingApiName) ?? null;
    return this.recordFailure(setting, attempt, null, error, this.now());
  }

  /**
   * Replay, InResponseTo, identity, JIT, session and the success entry: one transaction,
   * retried when a concurrent first login won. When it fails, `recordFailure` still burns
   * the assertion and the request it answered.
   */
  private async completeLogin(
    setting: SsoSettingConfig,
    assertion: VerifiedAssertion,
    attempt: AcsAttempt,
    now: Date,
  ): Promise<AcsOutcome> {
    for (let round = 1; ; round++) {
      try {
        return await this.deps.store.transaction((tx) =>
          this.loginInTransaction(tx, setting, assertion, attempt, now),
        );
      } catch (error) {
        // Two first logins of one person: the loser's insert hits the unique index; rerun and find the winner's user.
        if (round < MAX_PROVISIONING_ATTEMPTS && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  private async loginInTransaction(
    tx: StoreTx,
    setting: SsoSettingConfig,
    assertion: VerifiedAssertion,
    attempt: AcsAttempt,
    now: Date,
  ): Promise<AcsOutcome> {
    const fresh = await tx.replayCache.remember(
      assertion.assertionId,
      setting.apiName,
      assertion.replayExpiresAt,
    );
    if (!fresh) {
      throw new SamlError('REPLAY_DETECTED', 'this assertion was already used', {
        check: 'replay',
        received: assertion.assertionId,
      });
    }
    let relayState = attempt.relayState;
    if (assertion.inResponseTo !== null) {
      const request = await tx.outstandingRequests.consume(assertion.inResponseTo, setting.apiName, now);
      if (!request) {
        throw new SamlError(
          'IN_RESPONSE_TO_MISMATCH',
          'the Response answers no outstanding request of ours',
          {
            check: 'in-response-to',
            expected: 'an outstanding, unexpired AuthnRequest',
            received: assertion.inResponseTo,
          },
        );
      }
      relayState ??= request.relayState;
    }
    let user = await findUserByIdentity(tx, setting.identityType, assertion.subject);
    if (user?.createdBySsoSetting && user.createdBySsoSetting !== setting.apiName) {
      // A user provisioned through one IdP is that IdP's to vouch for: another trusted IdP cannot sign in as them.
      throw new SamlError('USER_SETTING_MISMATCH', 'this user signs in through another SSO setting', {
        check: 'identity',
        expected: user.createdBySsoSetting,
        received: setting.apiName,
      });
    }
    let jitAction: JitAction = 'none';
    let recordsTouched: RecordTouched[] = [];
    let audit: Parameters<StoreTx['auditEvents']['insertMany']>[0] = [];
    if (setting.jit.enabled && this.deps.provisioner) {
      const provisioned = await this.deps.provisioner(tx, {
        setting,
        assertion,
        existingUser: user,
        now,
        samlResponse: attempt.samlResponse,
      });
      user = provisioned.user;
      jitAction = provisioned.action;
      recordsTouched = provisioned.recordsTouched;
      audit = provisioned.audit;
    }
    if (!user) {
      throw new SamlError('USER_NOT_FOUND', `no user matches ${setting.identityType} ${assertion.subject}`, {
        check: 'identity',
        expected: `a user with this ${setting.identityType}`,
        received: assertion.subject,
      });
    }
    if (!user.isActive) {
      throw new SamlError('USER_INACTIVE', 'the user is deactivated', {
        check: 'identity',
        received: user.username,
      });
    }
    const sessionExpiresAt = new Date(now.getTime() + setting.sessionHours * 3600_000);
    const { token } = await tx.sessions.create({
      userId: user.id,
      expiresAt: sessionExpiresAt,
      ssoSetting: setting.apiName,
      sessionIndex: assertion.sessionIndex,
      nameId: assertion.nameId,
    });
    const entry = await tx.loginHistory.insert({
      createdAt: now,
      ssoSetting: setting.apiName,
      subject: assertion.subject,
      sourceIp: attempt.sourceIp,
      userAgent: attempt.userAgent,
      status: 'Success',
      userId: user.id,
      jitAction,
      recordsTouched,
      relayState,
    });
    if (audit.length > 0)
      await tx.auditEvents.insertMany(audit.map((a) => ({ ...a, loginHistoryId: entry.id })));
    return {
      ok: true,
      user,
      sessionToken: token,
      sessionExpiresAt,
      relayState,
      reference: entry.reference,
      jitAction,
    };
  }

  private async recordFailure(
    setting: SsoSettingConfig | null,
    attempt: AcsAttempt,
    subject: string | null,
    error: unknown,
    now: Date,
    verified: VerifiedAssertion | null = null,
  ): Promise<AcsOutcome> {
    const samlError = isSamlError(error) ? error : null;
    if (!samlError) this.deps.log?.('unexpected failure in the login pipeline', error);
    const code: SamlErrorCode = samlError?.code ?? 'INTERNAL_ERROR';
    const message = samlError?.message ?? 'internal error';
    // Keep a failed response for the validator only once it parsed: anonymous garbage is not worth a week of storage.
    const keepAssertion =
      typeof attempt.samlResponse === 'string' &&
      attempt.samlResponse.length > 0 &&
      !UNPARSED_FAILURES.has(samlError?.detail.check ?? '') &&
      !UNPARSED_CODES.has(code);
    const write = async (repos: StoreTx) => {
      if (verified !== null && setting !== null) {
        // A verified assertion is used up even though a later step refused it, and so is the request it answered.
        await repos.replayCache.remember(verified.assertionId, setting.apiName, verified.replayExpiresAt);
        if (verified.inResponseTo !== null) {
          await repos.outstandingRequests.consume(verified.inResponseTo, setting.apiName, now);
        }
      }
      return repos.loginHistory.insert({
        createdAt: now,
        ssoSetting: setting?.apiName ?? null,
        subject,
        sourceIp: attempt.sourceIp,
        userAgent: attempt.userAgent,
        status: `Failed: ${reasonFor(code, message)}`,
        errorCode: code,
        errorDetail: samlError ? { ...samlError.detail } : {},
        jitAction: 'none',
        recordsTouched: [],
        assertion: keepAssertion ? attempt.samlResponse! : null,
        assertionExpiresAt: keepAssertion ? new Date(now.getTime() + FAILED_ASSERTION_RETENTION_MS) : null,
        relayState: attempt.relayState?.slice(0, MAX_STORED_RELAY_STATE) ?? null,
      });
    };
    const entry = verified === null ? await write(this.deps.store) : await this.deps.store.transaction(write);
    return { ok: false, code, reference: entry.reference, customErrorUrl: setting?.customErrorUrl ?? null };
  }
}
