import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { Contender, ContenderFactory } from '../contender.js';

/**
 * `@node-saml/node-saml` 5.x as passport-saml users run it: pinned IdP certificate, signed
 * assertions required, the Response signature required when the case has one, audience checked,
 * real clock with 60 s skew, InResponseTo not tracked (unsolicited allowed).
 */
export const createNodeSaml: ContenderFactory = (fixtures, benchCase): Contender => {
  const saml = new SAML({
    idpCert: fixtures.idpCertPem,
    issuer: fixtures.parties.spEntityId,
    audience: fixtures.parties.spEntityId,
    callbackUrl: fixtures.parties.acsUrl,
    idpIssuer: fixtures.parties.idpIssuer,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: benchCase.signResponse,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 60_000,
  });
  return {
    name: 'node-saml',
    mode: 'async',
    async verify(samlResponseBase64) {
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponseBase64 });
      if (!profile?.nameID) throw new Error('node-saml returned no profile');
      return profile.nameID;
    },
    // Read from node-saml 5.1.0's processValidlySignedAssertionAsync: idpIssuer is only used for
    // logout messages, and neither Destination nor SubjectConfirmationData/@Recipient is compared.
    caveats: ['does not check the Issuer, Destination or Recipient of a login response'],
  };
};
