import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import type { SsoSettingConfig } from '../config/types.js';
import { buildAuthnRequest, redirectBindingUrl } from '../saml/build/authn-request.js';
import type { Store } from '../store/index.js';

/** How long an AuthnRequest may stay unanswered before its InResponseTo is refused. */
export const OUTSTANDING_REQUEST_TTL_MS = 10 * 60_000;

export type LoginStart =
  | { binding: 'HTTP-Redirect'; location: string; requestId: string }
  | {
      binding: 'HTTP-POST';
      action: string;
      samlRequest: string;
      relayState: string | null;
      requestId: string;
    };

const signingKeys = new WeakMap<SsoSettingConfig, KeyObject>();

function signingKeyFor(setting: SsoSettingConfig): KeyObject | undefined {
  if (!setting.signRequests || !setting.requestSigningKey) return undefined;
  let key = signingKeys.get(setting);
  if (!key) {
    key = createPrivateKey(setting.requestSigningKey);
    signingKeys.set(setting, key);
  }
  return key;
}

/**
 * Starts an SP-initiated login: builds the AuthnRequest, remembers it so the answer's
 * InResponseTo can be matched exactly once, and says how to send the browser to the IdP.
 */
export async function startSpInitiatedLogin(
  store: Store,
  setting: SsoSettingConfig,
  relayState: string | null,
  now: Date,
  options: { forceAuthn?: boolean } = {},
): Promise<LoginStart> {
  if (!setting.idpLoginUrl) throw new Error(`SSO setting ${setting.apiName} has no idpLoginUrl`);
  const requestId = `_${randomBytes(20).toString('hex')}`;
  await store.outstandingRequests.insert({
    id: requestId,
    ssoSetting: setting.apiName,
    relayState,
    createdAt: now,
    expiresAt: new Date(now.getTime() + OUTSTANDING_REQUEST_TTL_MS),
  });
  const key = signingKeyFor(setting);
  const input = {
    id: requestId,
    issueInstant: now,
    spEntityId: setting.spEntityId,
    acsUrl: setting.endpoints.acsUrl,
    idpLoginUrl: setting.idpLoginUrl,
    forceAuthn: options.forceAuthn ?? false,
  };
  if (setting.requestBinding === 'HTTP-POST') {
    const xml = buildAuthnRequest(input, key);
    return {
      binding: 'HTTP-POST',
      action: setting.idpLoginUrl,
      samlRequest: Buffer.from(xml, 'utf8').toString('base64'),
      relayState,
      requestId,
    };
  }
  // Redirect binding signs the query string, not the XML.
  const xml = buildAuthnRequest(input);
  return {
    binding: 'HTTP-Redirect',
    location: redirectBindingUrl(setting.idpLoginUrl, xml, relayState, key),
    requestId,
  };
}
