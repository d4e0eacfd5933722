import { SamlError } from './errors.js';
import { NS, STATUS_SUCCESS } from './namespaces.js';
import type { XmlElement } from './xml/tree.js';
import { attr, childElements, forEachElement, singleChild } from './xml/tree.js';

/** The elements of a Response the later checks read, located once by position, never by search. */
export interface ResponseParts {
  response: XmlElement;
  assertion: XmlElement;
  responseSignature: XmlElement | null;
  assertionSignature: XmlElement | null;
}

function structureError(message: string, expected?: string, received?: string): SamlError {
  return new SamlError('RESPONSE_STRUCTURE_INVALID', message, { check: 'structure', expected, received });
}

/**
 * Locates the one Assertion and the signatures by their schema position. Refuses anything a
 * wrapping attack needs: several assertions anywhere in the document, duplicate IDs, signatures
 * that are not direct children of the element they sign.
 */
export function locateResponseParts(root: XmlElement): ResponseParts {
  if (root.local !== 'Response' || root.ns !== NS.protocol) {
    throw structureError(
      'the document is not a SAML 2.0 Response',
      `{${NS.protocol}}Response`,
      `{${root.ns}}${root.local}`,
    );
  }
  const version = attr(root, 'Version');
  if (version !== '2.0') {
    throw new SamlError('VERSION_UNSUPPORTED', 'only SAML 2.0 is accepted', {
      check: 'structure',
      expected: '2.0',
      received: version ?? '(none)',
    });
  }
  if (!attr(root, 'ID')) throw structureError('the Response has no ID');

  const seenIds = new Set<string>();
  let assertionCount = 0;
  let encryptedCount = 0;
  const signatures: XmlElement[] = [];
  forEachElement(root, (el) => {
    const id = attr(el, 'ID');
    if (id !== null) {
      if (seenIds.has(id)) {
        throw new SamlError('DUPLICATE_ID', 'two elements share one ID', {
          check: 'structure',
          received: id,
        });
      }
      seenIds.add(id);
    }
    if (el.ns === NS.assertion && el.local === 'Assertion') assertionCount++;
    if (el.ns === NS.assertion && el.local === 'EncryptedAssertion') encryptedCount++;
    if (el.ns === NS.dsig && el.local === 'Signature') signatures.push(el);
  });

  const topAssertions = childElements(root).filter((c) => c.ns === NS.assertion && c.local === 'Assertion');
  if (assertionCount > 1) {
    throw new SamlError('MULTIPLE_ASSERTIONS', 'exactly one Assertion is accepted', {
      check: 'structure',
      expected: '1',
      received: String(assertionCount),
    });
  }
  if (encryptedCount > 0) {
    throw new SamlError(
      'ENCRYPTED_ASSERTION_UNSUPPORTED',
      'encrypted assertions need a decryption key on the setting',
      {
        check: 'structure',
      },
    );
  }
  const assertion = topAssertions[0];
  if (!assertion) {
    const status = statusOf(root);
    if (status.code !== STATUS_SUCCESS) {
      throw new SamlError('STATUS_NOT_SUCCESS', `the IdP answered ${describeStatus(status)}`, {
        check: 'structure',
        expected: STATUS_SUCCESS,
        received: describeStatus(status),
      });
    }
    throw new SamlError('ASSERTION_MISSING', 'the Response carries no Assertion as a direct child', {
      check: 'structure',
      expected: '1',
      received: assertionCount === 0 ? '0' : 'an Assertion nested elsewhere',
    });
  }
  if (!attr(assertion, 'ID')) throw structureError('the Assertion has no ID');
  if (attr(assertion, 'Version') !== '2.0') {
    throw new SamlError('VERSION_UNSUPPORTED', 'only SAML 2.0 assertions are accepted', {
      check: 'structure',
      expected: '2.0',
      received: attr(assertion, 'Version') ?? '(none)',
    });
  }
  for (const signature of signatures) {
    // A Signature anywhere but directly on the Response or the Assertion signs nothing we read.
    if (signature.parent !== root && signature.parent !== assertion) {
      throw new SamlError('SIGNATURE_REFERENCE_INVALID', 'a Signature sits where no signed element can be', {
        check: 'structure',
        expected: 'Response/Signature or Assertion/Signature',
        received: `${signature.parent?.name ?? '(root)'}/Signature`,
      });
    }
  }
  return {
    response: root,
    assertion,
    responseSignature: signatureChild(root),
    assertionSignature: signatureChild(assertion),
  };
}

function signatureChild(element: XmlElement): XmlElement | null {
  const found = singleChild(element, NS.dsig, 'Signature');
  if (found === undefined) {
    throw new SamlError('SIGNATURE_REFERENCE_INVALID', `${element.local} carries more than one Signature`, {
      check: 'structure',
    });
  }
  return found;
}

export interface StatusInfo {
  code: string | null;
  subCode: string | null;
  message: string | null;
}

export function statusOf(response: XmlElement): StatusInfo {
  const status = singleChild(response, NS.protocol, 'Status');
  const code = status ? singleChild(status, NS.protocol, 'StatusCode') : null;
  const sub = code ? singleChild(code, NS.protocol, 'StatusCode') : null;
  const message = status ? singleChild(status, NS.protocol, 'StatusMessage') : null;
  return {
    code: code ? attr(code, 'Value') : null,
    subCode: sub ? attr(sub, 'Value') : null,
    message: message ? message.children.map((c) => (c.type === 'text' ? c.value : '')).join('') : null,
  };
}

export function describeStatus(status: StatusInfo): string {
  let out = status.code ?? '(no status)';
  if (status.subCode) out += ` / ${status.subCode}`;
  if (status.message) out += ` (${status.message})`;
  return out;
}
