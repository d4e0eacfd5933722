import { validateSamlResponse } from '../../../src/saml/index.js';
import type { SamlVerifierSetting } from '../../../src/saml/index.js';
import type { Contender, ContenderFactory } from '../contender.js';

/**
 * Frontdesk's own verifier with a production-shaped setting: pinned certificate, issuer, audience,
 * ACS URL, 60 s skew, unsolicited responses allowed, and the signature requirement of the case.
 */
export const createFrontdesk: ContenderFactory = (fixtures, benchCase): Contender => {
  const setting: SamlVerifierSetting = {
    idpIssuer: fixtures.parties.idpIssuer,
    idpCertificates: [fixtures.idpCertPem],
    spEntityId: fixtures.parties.spEntityId,
    acsUrl: fixtures.parties.acsUrl,
    allowUnsolicited: true,
    clockSkewSeconds: 60,
    signatureRequirement: benchCase.signResponse ? 'both' : 'assertion',
  };
  // A frozen clock inside the validity window: the core takes its clock as an argument.
  const now = new Date(fixtures.issuedAt.getTime() + 1_000);
  return {
    name: 'frontdesk',
    mode: 'sync',
    verify(samlResponseBase64) {
      const result = validateSamlResponse(samlResponseBase64, setting, { now });
      if (!result.valid) throw new Error(result.errors.map((e) => `${e.code}: ${e.message}`).join('; '));
      return result.assertion.subject;
    },
    caveats: [],
  };
};
