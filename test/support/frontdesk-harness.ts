import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFrontdesk, serverStoreOptions, type Frontdesk } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import { openStore, type LoginHistoryEntry } from '../../src/store/index.js';
import type { Provisioner } from '../../src/sp/provisioner.js';
import { getTestKeys } from './keys.js';
import {
  ACS_URL,
  buildResponseXml,
  IDP_ISSUER,
  SP_ENTITY_ID,
  toBase64,
  type ResponseOptions,
} from './response-builder.js';
import { signResponse, type SignatureSpec } from './xmlsec-signer.js';

/** The public base URL every harness server believes it has; ACS_URL lives under it. */
export const BASE_URL = new URL(ACS_URL).origin;
export const SETTING_API_NAME = new URL(ACS_URL).pathname.split('/').pop()!;

/** A configured user the tests sign in as: Standard User, Federation ID `fed-alice`. */
export const ALICE = {
  username: 'alice@example.com',
  email: 'alice@example.com',
  lastName: 'Liddell',
  profile: 'Standard User',
  federationIdentifier: 'fed-alice',
} as const;

export interface HarnessOptions {
  /** Overrides merged into the one SSO setting. */
  setting?: Record<string, unknown>;
  /** Further SSO settings, complete, after the harness's own one. */
  extraSettings?: Array<Record<string, unknown>>;
  /** Extra top-level configuration keys (profiles, roles, customFields, users, org). */
  config?: Record<string, unknown>;
  /** Defaults to a fresh SQLite file in a temp dir. */
  databaseUrl?: string;
  provisioner?: Provisioner;
  now?: () => Date;
}

export interface Harness {
  app: Frontdesk;
  url: string;
  /** POSTs a SAMLResponse to the ACS exactly as a browser's auto-submitted form would. */
  postAcs(samlResponse: string, relayState?: string, apiName?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A real Frontdesk server on a loopback port with its own SQLite file. The configuration
 * trusts the test IdP key from `keys.ts`.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const keys = getTestKeys();
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-test-'));
  const config = parseConfig({
    baseUrl: BASE_URL,
    server: { port: 0 },
    database: { url: options.databaseUrl ?? `sqlite:${join(dir, 'frontdesk.db')}` },
    ...options.config,
    ssoSettings: [
      {
        name: 'Example IdP',
        apiName: SETTING_API_NAME,
        idpIssuer: IDP_ISSUER,
        idpCertificates: [keys.idp.certificatePem],
        spEntityId: SP_ENTITY_ID,
        identityType: 'FederationId',
        identityLocation: { kind: 'nameid' },
        idpLoginUrl: 'https://idp.example.test/sso',
        ...options.setting,
      },
      ...(options.extraSettings ?? []),
    ],
  });
  // The guard turns a store call that escapes its transaction into an immediate error.
  const store = await openStore({
    ...serverStoreOptions(config),
    guardTransactions: true,
    ...(options.now ? { now: options.now } : {}),
  });
  const app = await createFrontdesk({
    config,
    store,
    ...(options.now ? { now: options.now } : {}),
    ...(options.provisioner ? { provisioner: options.provisioner } : {}),
    log: () => {},
  });
  const { url } = await app.listen(0, '127.0.0.1');
  return {
    app,
    url,
    postAcs(samlResponse, relayState, apiName = SETTING_API_NAME) {
      const form = new URLSearchParams({ SAMLResponse: samlResponse });
      if (relayState !== undefined) form.set('RelayState', relayState);
      return fetch(`${url}/sp/saml/acs/${apiName}`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: { 'user-agent': 'frontdesk-test' },
      });
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock that starts at `start` and moves 1 ms each time it is read, so entries keep their order. */
export function tickingClock(start: Date): () => Date {
  let ticks = 0;
  return () => new Date(start.getTime() + ticks++);
}

/** A response built from `options`, signed by the trusted test IdP key (xmlsec1), base64-encoded. */
export function signedResponse(
  options: ResponseOptions = {},
  sign: { assertion?: boolean; response?: boolean; spec?: Partial<SignatureSpec> } = { assertion: true },
): string {
  const keys = getTestKeys();
  const spec: SignatureSpec = { key: keys.idp, ...sign.spec };
  // IdP-initiated unless the test names the request it answers.
  const xml = signResponse(buildResponseXml({ inResponseTo: null, ...options }), {
    assertion: sign.assertion === false ? undefined : spec,
    response: sign.response ? spec : undefined,
  });
  return toBase64(xml);
}

let assertionCounter = 0;

/** A fresh assertion id: replay protection is real, so every login needs its own. */
export function uniqueAssertionId(label: string): string {
  return `_${label}-${++assertionCounter}-${Math.random().toString(36).slice(2)}`;
}

/** The newest login-history entry; fails the test when there is none. */
export async function latestHistory(h: Harness): Promise<LoginHistoryEntry> {
  const [entry] = await h.app.store.loginHistory.list({ limit: 1 });
  if (!entry) throw new Error('no login-history entry was written');
  return entry;
}
