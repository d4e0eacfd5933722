import * as samlify from 'samlify';
import type { Contender, ContenderFactory } from '../contender.js';

const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

let schemaValidatorSet = false;

/**
 * `samlify` 2.x: an SP and an IdP entity built from the pinned certificate, 60 s clock drift.
 * samlify refuses to run without a schema validator; a pass-through one is installed, which
 * spares samlify the XSD validation a production deployment would pay for (an advantage to it).
 */
export const createSamlify: ContenderFactory = (fixtures): Contender => {
  if (!schemaValidatorSet) {
    samlify.setSchemaValidator({ validate: () => Promise.resolve('skipped: benchmark') });
    schemaValidatorSet = true;
  }
  const idp = samlify.IdentityProvider({
    entityID: fixtures.parties.idpIssuer,
    signingCert: fixtures.idpCertPem,
    singleSignOnService: [{ Binding: REDIRECT_BINDING, Location: 'https://idp.bench.example/sso' }],
    // Declared only to keep samlify from warning on stdout about its absence.
    singleLogoutService: [{ Binding: REDIRECT_BINDING, Location: 'https://idp.bench.example/slo' }],
  });
  const sp = samlify.ServiceProvider({
    entityID: fixtures.parties.spEntityId,
    assertionConsumerService: [{ Binding: POST_BINDING, Location: fixtures.parties.acsUrl }],
    wantAssertionsSigned: true,
    clockDrifts: [-60_000, 60_000],
  });
  return {
    name: 'samlify',
    mode: 'async',
    async verify(samlResponseBase64) {
      const result = (await sp.parseLoginResponse(idp, 'post', {
        body: { SAMLResponse: samlResponseBase64 },
      })) as { extract?: { nameID?: string } };
      const nameId = result.extract?.nameID;
      if (!nameId) throw new Error('samlify returned no NameID');
      return nameId;
    },
    caveats: [
      'schema validation stubbed out (pass-through validator)',
      'accepts the first signature that verifies; does not check Audience, Destination or Recipient',
    ],
  };
};
