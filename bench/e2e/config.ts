import type { BenchIdentity } from './assertion.js';

/** The SSO setting every bench server has; its ACS is `${BENCH_BASE_URL}/sp/saml/acs/bench`. */
export const BENCH_SETTING = 'bench';
/**
 * The public URL the servers believe they have. Destination and Recipient are checked against
 * it, not against the port a process listens on, so two instances behave like two nodes
 * behind one load balancer.
 */
export const BENCH_BASE_URL = 'https://sp.bench.test';
/** Where a successful login is sent; a login counts only when the 302 points here. */
export const RELAY_TARGET = '/bench/landing';

export const BENCH_IDENTITY: BenchIdentity = {
  idpIssuer: 'https://idp.bench.test/metadata',
  spEntityId: 'https://sp.bench.test',
  acsUrl: `${BENCH_BASE_URL}/sp/saml/acs/${BENCH_SETTING}`,
};

/**
 * The configuration file content of a bench server: one setting with standard JIT, trusting
 * the bench IdP certificate, accepting unsolicited responses signed at the assertion.
 */
export function benchConfigInput(
  idpCertificatePem: string,
  databaseUrl: string,
  verifierThreads: number | 'auto' = 'auto',
): Record<string, unknown> {
  return {
    baseUrl: BENCH_BASE_URL,
    server: { host: '127.0.0.1', port: 0, verifierThreads },
    database: { url: databaseUrl },
    ssoSettings: [
      {
        name: 'Bench IdP',
        apiName: BENCH_SETTING,
        idpIssuer: BENCH_IDENTITY.idpIssuer,
        idpCertificates: [idpCertificatePem],
        spEntityId: BENCH_IDENTITY.spEntityId,
        identityType: 'FederationId',
        identityLocation: { kind: 'nameid' },
        allowUnsolicited: true,
        signatureRequirement: 'assertion',
        jit: { enabled: true, type: 'standard' },
      },
    ],
  };
}
