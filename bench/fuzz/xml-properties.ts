/**
 * The properties the XML fuzzer checks, shared by the long bench run (`xml-fuzz.ts`) and the short
 * run in the test suite. Each property throws a plain Error (never an assertion on wording) when
 * it finds a counterexample; fast-check then shrinks it and reports a seed to replay.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { SamlError } from '../../src/saml/errors.js';
import type { SamlVerifierSetting, VerifiedAssertion } from '../../src/saml/types.js';
import { validateSamlResponse } from '../../src/saml/validate.js';
import { canonicalize } from '../../src/saml/xml/c14n.js';
import { parseXml } from '../../src/saml/xml/parser.js';
import type { XmlElement, XmlNode } from '../../src/saml/xml/tree.js';
import { forEachElement } from '../../src/saml/xml/tree.js';
import { FUZZ_IDP_CERTIFICATE, SIGNED_RESPONSE_XML } from './signed-response.js';
import type { GenElement, GenNode } from './xml-gen.js';
import { applyMutation, documentArb, mutationArb, serializeDocument, xmlishStringArb } from './xml-gen.js';

/** Longest any single parse (with canonicalization) may take before it counts as a hang. */
export const PER_INPUT_BUDGET_MS = 1000;

/** What one run of a property found. */
export interface FuzzOutcome {
  failed: boolean;
  numRuns: number;
  seed: number;
  counterexamplePath: string | null;
  /** fast-check's report: the shrunk counterexample and the error it raised. */
  report: string;
}

/** One property: `run` checks `numRuns` generated inputs from `seed`. */
export interface FuzzProperty {
  name: string;
  /** Share of the inputs of a long run. */
  weight: number;
  run(numRuns: number, seed: number, path?: string): FuzzOutcome;
}

/** The setting the signed fixture was made for; both signatures are required. */
export const FUZZ_SETTING: SamlVerifierSetting = {
  idpIssuer: 'https://idp.example.test/metadata',
  idpCertificates: [FUZZ_IDP_CERTIFICATE],
  spEntityId: 'https://sp.example.test/metadata',
  acsUrl: 'https://sp.example.test/sp/saml/acs/main',
  allowUnsolicited: true,
  signatureRequirement: 'both',
};

/** Inside the fixture's validity window. */
export const FUZZ_NOW = new Date('2030-01-01T12:01:00Z');

/** Validates `xml` as the HTTP-POST binding would carry it, at {@link FUZZ_NOW}. */
export function validateFixture(xml: string) {
  return validateSamlResponse(Buffer.from(xml, 'utf8').toString('base64'), FUZZ_SETTING, { now: FUZZ_NOW });
}

let slowestMs = 0;

/** The longest {@link assertParserSafe} call so far, in milliseconds. */
export function slowestParseMs(): number {
  return slowestMs;
}

/** Parses, and canonicalizes every element of what parsed: only SamlError may escape, quickly. */
export function assertParserSafe(input: string): void {
  const started = performance.now();
  let root: XmlElement | null = null;
  try {
    root = parseXml(input);
  } catch (error) {
    if (!(error instanceof SamlError)) throw new Error(`parseXml threw a non-SamlError: ${String(error)}`);
  }
  if (root) forEachElement(root, (el) => void canonicalize(el));
  const elapsed = performance.now() - started;
  slowestMs = Math.max(slowestMs, elapsed);
  if (elapsed > PER_INPUT_BUDGET_MS) throw new Error(`parse + c14n took ${elapsed.toFixed(0)} ms`);
}

/** (b) canonical form is a fixed point, for the document and for every subtree on its own. */
export function assertCanonicalIdempotent(source: string): void {
  const root = parseXml(source);
  forEachElement(root, (el) => {
    const once = canonicalize(el);
    const twice = canonicalize(parseXml(once));
    if (once !== twice) throw new Error(`c14n not idempotent:\n${once}\n${twice}`);
  });
}

function mergedChildren(children: readonly GenNode[]): GenNode[] {
  const out: GenNode[] = [];
  for (const child of children) {
    const last = out[out.length - 1];
    if (child.kind === 'text' && last?.kind === 'text')
      out[out.length - 1] = { kind: 'text', value: last.value + child.value };
    else out.push(child);
  }
  return out.filter((c) => c.kind !== 'text' || c.value !== '');
}

function qname(prefix: string, local: string): string {
  return prefix ? `${prefix}:${local}` : local;
}

/** (c) the parser returns exactly the names, namespaces, attribute values, text and comments generated. */
export function assertSameTree(model: GenElement, parsed: XmlElement, path = ''): void {
  const here = `${path}/${parsed.name}`;
  const fail = (what: string, expected: unknown, actual: unknown): never => {
    throw new Error(`${here}: ${what} expected ${JSON.stringify(expected)} got ${JSON.stringify(actual)}`);
  };
  if (parsed.name !== qname(model.prefix, model.local))
    fail('name', qname(model.prefix, model.local), parsed.name);
  if (parsed.ns !== model.ns) fail('namespace', model.ns, parsed.ns);
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  const expectedAttrs = model.attrs
    .map((a) => ({ name: qname(a.prefix, a.local), value: a.value }))
    .sort(byName);
  const actualAttrs = parsed.attributes.map((a) => ({ name: a.name, value: a.value })).sort(byName);
  if (!isDeepStrictEqual(expectedAttrs, actualAttrs)) fail('attributes', expectedAttrs, actualAttrs);
  const expectedDecls = model.decls.map((d) => ({ name: d.prefix, value: d.uri })).sort(byName);
  const actualDecls = parsed.namespaceDecls.map((d) => ({ name: d.prefix, value: d.uri })).sort(byName);
  if (!isDeepStrictEqual(expectedDecls, actualDecls))
    fail('namespace declarations', expectedDecls, actualDecls);
  const expected = mergedChildren(model.children);
  const actual: XmlNode[] = parsed.children;
  if (expected.length !== actual.length) {
    fail(
      'children',
      expected.map((c) => c.kind),
      actual.map((c) => c.type),
    );
  }
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (e.kind === 'element') {
      if (a.type !== 'element') fail(`child ${i}`, 'element', a.type);
      else assertSameTree(e, a, here);
    } else if (a.type === 'element' || a.type !== e.kind || a.value !== e.value) {
      fail(`child ${i}`, e, a.type === 'element' ? a.name : a);
    }
  });
}

/** Offsets of characters inside element text or attribute values, with the element path. */
interface Position {
  offset: number;
  path: readonly string[];
}

/** A simple scanner for the well-formed, comment-free fixture; not a general parser. */
export function valuePositions(xml: string): Position[] {
  const out: Position[] = [];
  const stack: string[] = [];
  let i = 0;
  while (i < xml.length) {
    if (xml.startsWith('<?', i)) {
      i = xml.indexOf('?>', i) + 2;
    } else if (xml.startsWith('</', i)) {
      stack.pop();
      i = xml.indexOf('>', i) + 1;
    } else if (xml[i] === '<') {
      const name = /^<([^\s/>]+)/.exec(xml.slice(i))![1]!;
      const path = [...stack, name];
      i += name.length + 1;
      while (xml[i] !== '>' && xml[i] !== '/') {
        const eq = xml.indexOf('=', i);
        const quote = xml[eq + 1]!;
        const end = xml.indexOf(quote, eq + 2);
        for (let k = eq + 2; k < end; k++) out.push({ offset: k, path });
        i = end + 1;
        while (/\s/.test(xml[i]!)) i++;
      }
      if (xml[i] === '/') i += 2;
      else {
        stack.push(name);
        i++;
      }
    } else {
      const end = xml.indexOf('<', i) === -1 ? xml.length : xml.indexOf('<', i);
      for (let k = i; k < end; k++) if (stack.length > 0) out.push({ offset: k, path: [...stack] });
      i = end;
    }
  }
  return out;
}

/**
 * Where a one-character change must break validation. Left out by design: the KeyInfo of the
 * Response signature (never a source of trust, and outside what it signs) and the whitespace
 * directly inside that Signature element.
 */
export function signedPositions(xml: string): Position[] {
  return valuePositions(xml).filter(({ path }) => {
    if (path[1] !== 'ds:Signature') return true;
    return path.length > 2 && path[2] !== 'ds:KeyInfo';
  });
}

function base64Bytes(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  return Buffer.from(compact, 'base64').toString('hex');
}

/** True when the change only re-spells the same SignatureValue bytes (base64 slack bits). */
function isBase64NoOp(xml: string, mutated: string, position: Position): boolean {
  if (position.path[position.path.length - 1] !== 'ds:SignatureValue') return false;
  const start = xml.lastIndexOf('>', position.offset) + 1;
  const end = xml.indexOf('<', position.offset);
  const before = base64Bytes(xml.slice(start, end));
  const after = base64Bytes(mutated.slice(start, end + (mutated.length - xml.length)));
  return before !== null && before === after;
}

let original: VerifiedAssertion | null = null;
function originalAssertion(): VerifiedAssertion {
  if (!original) {
    const result = validateFixture(SIGNED_RESPONSE_XML);
    if (!result.valid)
      throw new Error(`the signed fixture does not validate: ${JSON.stringify(result.errors)}`);
    original = result.assertion;
  }
  return original;
}

/** Replacement characters: no TAB/LF/CR, which attribute normalisation would turn back into a space. */
const replacementArb = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '=', '/', ';', '#', 'é', '\u00a0', '\ufeff'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/[\t\n\r]/.test(c)),
);

const DOCUMENT_STYLE = fc.integer({ min: 1, max: 0x7fffffff });

export function xmlFuzzProperties(): FuzzProperty[] {
  const positions = signedPositions(SIGNED_RESPONSE_XML);
  const check =
    <T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void) =>
    (numRuns: number, seed: number, path?: string): FuzzOutcome => {
      const details = fc.check(fc.property(arb, predicate), { numRuns, seed, path });
      return {
        failed: details.failed,
        numRuns: details.numRuns,
        seed: details.seed,
        counterexamplePath: details.counterexamplePath,
        report: details.failed
          ? `${fc.defaultReportMessage(details) ?? ''}\nError: ${String(details.errorInstance)}`
          : '',
      };
    };
  return [
    {
      name: 'parser refuses arbitrary strings with SamlError only',
      weight: 2,
      run: check(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), xmlishStringArb), assertParserSafe),
    },
    {
      name: 'parser refuses mutated documents with SamlError only',
      weight: 2,
      run: check(
        fc.tuple(
          fc.oneof(
            fc.constant(SIGNED_RESPONSE_XML),
            fc.tuple(documentArb, DOCUMENT_STYLE).map(([d, s]) => serializeDocument(d, s)),
          ),
          fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        ),
        ([seedDocument, mutations]) => assertParserSafe(mutations.reduce(applyMutation, seedDocument)),
      ),
    },
    {
      name: 'parse then canonicalize is idempotent',
      weight: 2,
      run: check(fc.tuple(documentArb, DOCUMENT_STYLE), ([doc, style]) =>
        assertCanonicalIdempotent(serializeDocument(doc, style)),
      ),
    },
    {
      name: 'canonical form does not depend on how the document is spelled',
      weight: 1,
      run: check(fc.tuple(documentArb, DOCUMENT_STYLE, DOCUMENT_STYLE), ([doc, a, b]) => {
        const first = canonicalize(parseXml(serializeDocument(doc, a)));
        const second = canonicalize(parseXml(serializeDocument(doc, b)));
        if (first !== second) throw new Error(`two spellings, two canonical forms:\n${first}\n${second}`);
      }),
    },
    {
      name: 'text, attribute values and names round-trip through the parser',
      weight: 2,
      run: check(fc.tuple(documentArb, DOCUMENT_STYLE), ([doc, style]) =>
        assertSameTree(doc.root, parseXml(serializeDocument(doc, style))),
      ),
    },
    {
      name: 'a one-character change to a signed value never validates',
      weight: 1,
      run: check(fc.tuple(fc.nat(positions.length - 1), replacementArb), ([index, replacement]) => {
        const position = positions[index]!;
        const xml = SIGNED_RESPONSE_XML;
        if (xml[position.offset] === replacement) return;
        const mutated = xml.slice(0, position.offset) + replacement + xml.slice(position.offset + 1);
        if (isBase64NoOp(xml, mutated, position)) return;
        const result = validateFixture(mutated);
        if (result.valid)
          throw new Error(`validated after changing offset ${position.offset} (${position.path.join('/')})`);
        if (result.errors.some((e) => e.code === 'INTERNAL_ERROR'))
          throw new Error(`INTERNAL_ERROR: ${JSON.stringify(result.errors)}`);
      }),
    },
    {
      name: 'a mutated signed response validates only with unchanged content',
      weight: 1,
      run: check(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => {
        const result = validateFixture(mutations.reduce(applyMutation, SIGNED_RESPONSE_XML));
        if (result.errors.some((e) => e.code === 'INTERNAL_ERROR'))
          throw new Error(`INTERNAL_ERROR: ${JSON.stringify(result.errors)}`);
        if (result.valid && !isDeepStrictEqual(result.assertion, originalAssertion())) {
          throw new Error(`validated with other content: ${JSON.stringify(result.assertion)}`);
        }
      }),
    },
  ];
}
