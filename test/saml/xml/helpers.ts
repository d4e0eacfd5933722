import assert from 'node:assert/strict';
import type { SamlErrorCode } from '../../../src/saml/errors.js';
import { SamlError } from '../../../src/saml/errors.js';
import type { XmlLimits } from '../../../src/saml/xml/parser.js';
import { parseXml } from '../../../src/saml/xml/parser.js';
import type { XmlElement } from '../../../src/saml/xml/tree.js';
import { forEachElement } from '../../../src/saml/xml/tree.js';

/** Asserts the parser refuses `source` with a SamlError carrying `code` (never the wording). */
export function assertRefused(source: string, code: SamlErrorCode, limits?: XmlLimits): void {
  let thrown: unknown = null;
  try {
    parseXml(source, limits);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== null, `expected ${code} for ${JSON.stringify(source.slice(0, 120))}`);
  assert.ok(thrown instanceof SamlError, `expected a SamlError, got ${String(thrown)}`);
  assert.equal(thrown.code, code, `for ${JSON.stringify(source.slice(0, 120))}`);
}

/** The first element, in document order, whose qualified name is `name`. */
export function findElement(root: XmlElement, name: string): XmlElement {
  let found: XmlElement | null = null;
  forEachElement(root, (el) => {
    if (!found && el.name === name) found = el;
  });
  assert.ok(found, `no element ${name}`);
  return found;
}

/** Milliseconds `run` takes. */
export function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
