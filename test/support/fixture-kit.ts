/**
 * The shape of a SAML fixture and the small helpers every fixture group shares: settings, the
 * standard signed documents, and constructors that keep each fixture to a few readable lines.
 */
import type { SamlErrorCode } from '../../src/saml/errors.js';
import type { SamlVerifierSetting } from '../../src/saml/types.js';
import { getTestKeys } from './keys.js';
import type { KeyMaterial, TestKeys } from './keys.js';
import {
  ACS_URL,
  FIXED_NOW,
  IDP_ISSUER,
  REQUEST_ID,
  SP_ENTITY_ID,
  buildResponseXml,
  toBase64,
} from './response-builder.js';
import type { ResponseOptions } from './response-builder.js';
import { SIGNATURE_XPATH, signResponse } from './xmlsec-signer.js';
import type { SignatureSpec } from './xmlsec-signer.js';

/** A signature xmlsec1 is asked to verify, and what it must answer. */
export interface XmlsecCheck {
  signatureXPath: string;
  key: KeyMaterial;
  /** true: the signature is cryptographically fine on its own (for attacks: the attack is real). */
  expectOk: boolean;
}

export type FixtureExpectation =
  | {
      valid: true;
      subject: string;
      /** Attributes that must come back exactly (name → all values in order). */
      attributes?: Record<string, string[]>;
      signedElements?: Array<'response' | 'assertion'>;
      /** The InResponseTo the result reports; undefined: not checked. */
      inResponseTo?: string | null;
    }
  | {
      valid: false;
      /** Acceptable codes of the FIRST error; more than one only where each is truthful (see the fixture). */
      codes: SamlErrorCode[];
    };

export interface Fixture {
  /** What is signed, then what was tampered: `assertion-signed.nameid-comment`. */
  name: string;
  class: 'valid' | 'invalid';
  /** The matrix section it belongs to (set by the matrix builder). */
  group?: string;
  /** What the fixture proves, one sentence. */
  description: string;
  /** The SAMLResponse form value as posted. */
  base64: string;
  /** The decoded document, when there is one. */
  xml?: string;
  setting: SamlVerifierSetting;
  now: Date;
  inResponseTo?: string;
  expected: FixtureExpectation;
  /** Independent signature checks with xmlsec1. */
  xmlsec: XmlsecCheck[];
}

/** Shared state of one matrix build. */
export interface Kit {
  keys: TestKeys;
  now: Date;
  /** The default setting: trusts the IdP RSA key, solicited only, 60 s skew, either signature. */
  setting: SamlVerifierSetting;
  /** A setting derived from the default; the same overrides give the same object (the core caches per object). */
  settingWith(overrides: Partial<SamlVerifierSetting>): SamlVerifierSetting;
  /** The IdP's default signature spec. */
  idpSig: SignatureSpec;
  /** Builds with overrides, then signs what `signed` names with the IdP key. */
  signed(signed: 'assertion' | 'response' | 'both', options?: ResponseOptions): string;
}

export function createKit(): Kit {
  const keys = getTestKeys();
  const base: SamlVerifierSetting = {
    idpIssuer: IDP_ISSUER,
    idpCertificates: [keys.idp.certificatePem],
    spEntityId: SP_ENTITY_ID,
    acsUrl: ACS_URL,
    allowUnsolicited: false,
    clockSkewSeconds: 60,
    signatureRequirement: 'either',
    identityLocation: { kind: 'nameid' },
  };
  const settings = new Map<string, SamlVerifierSetting>();
  const idpSig: SignatureSpec = { key: keys.idp };
  return {
    keys,
    now: FIXED_NOW,
    setting: base,
    settingWith(overrides) {
      const key = JSON.stringify(overrides);
      let setting = settings.get(key);
      if (!setting) {
        setting = { ...base, ...overrides };
        settings.set(key, setting);
      }
      return setting;
    },
    idpSig,
    signed(which, options = {}) {
      return signResponse(buildResponseXml(options), {
        assertion: which === 'response' ? undefined : idpSig,
        response: which === 'assertion' ? undefined : idpSig,
      });
    },
  };
}

/** The xmlsec1 checks a validly signed document must pass, per signed element. */
export function signatureChecks(
  which: 'assertion' | 'response' | 'both',
  key: KeyMaterial,
  expectOk = true,
): XmlsecCheck[] {
  const checks: XmlsecCheck[] = [];
  if (which !== 'response') checks.push({ signatureXPath: SIGNATURE_XPATH.assertion, key, expectOk });
  if (which !== 'assertion') checks.push({ signatureXPath: SIGNATURE_XPATH.response, key, expectOk });
  return checks;
}

interface CommonOptions {
  setting?: SamlVerifierSetting;
  /** The AuthnRequest id the caller expects; default REQUEST_ID, `null` for none (IdP-initiated). */
  inResponseTo?: string | null;
  now?: Date;
  xmlsec?: XmlsecCheck[];
}

function common(kit: Kit, o: CommonOptions): Pick<Fixture, 'setting' | 'now' | 'inResponseTo' | 'xmlsec'> {
  const inResponseTo = o.inResponseTo === undefined ? REQUEST_ID : o.inResponseTo;
  return {
    setting: o.setting ?? kit.setting,
    now: o.now ?? kit.now,
    ...(inResponseTo === null ? {} : { inResponseTo }),
    xmlsec: o.xmlsec ?? [],
  };
}

/** A fixture the core must accept. */
export function valid(
  kit: Kit,
  name: string,
  description: string,
  xml: string,
  expected: Omit<Extract<FixtureExpectation, { valid: true }>, 'valid'>,
  options: CommonOptions = {},
): Fixture {
  return {
    name,
    class: 'valid',
    description,
    base64: toBase64(xml),
    xml,
    expected: { valid: true, ...expected },
    ...common(kit, options),
  };
}

/** A fixture the core must refuse with one of `codes` as its first error. */
export function invalid(
  kit: Kit,
  name: string,
  description: string,
  document: { xml: string } | { base64: string; xml?: string },
  codes: SamlErrorCode[],
  options: CommonOptions = {},
): Fixture {
  const base64 = 'base64' in document ? document.base64 : toBase64(document.xml);
  const xml = document.xml;
  return {
    name,
    class: 'invalid',
    description,
    base64,
    ...(xml === undefined ? {} : { xml }),
    expected: { valid: false, codes },
    ...common(kit, options),
  };
}
