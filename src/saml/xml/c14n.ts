import type { XmlAttribute, XmlElement } from './tree.js';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

export interface CanonicalizeOptions {
  /** An element left out with its subtree: the enveloped-signature transform. */
  exclude?: XmlElement | null;
  /** InclusiveNamespaces PrefixList; `#default` names the default namespace. */
  inclusivePrefixes?: readonly string[];
}

/**
 * Exclusive XML Canonicalization 1.0 without comments of one element's subtree, computed on the
 * parsed tree. Only namespaces an element visibly uses (plus the inclusive prefix list) are
 * rendered, so the result does not depend on where the element sits in its document.
 *
 * @example const bytes = canonicalize(assertion, { exclude: signatureElement });
 */
export function canonicalize(element: XmlElement, options: CanonicalizeOptions = {}): string {
  const inclusive = (options.inclusivePrefixes ?? []).map((p) => (p === '#default' ? '' : p));
  const out: Sink = { text: '' };
  // Outside the apex nothing is rendered: the default namespace counts as rendered empty.
  renderElement(
    element,
    options.exclude ?? null,
    inclusive,
    Object.assign(Object.create(null), { '': '' }),
    out,
  );
  return out.text;
}

/** String concatenation (V8 ropes) beats collecting parts and joining them. */
interface Sink {
  text: string;
}

/** Prefix → URI rendered by output ancestors; prototype-chained so each element costs O(its own decls). */
type Rendered = Record<string, string>;

// Recursion is bounded: the parser refuses documents deeper than its depth limit.
function renderElement(
  el: XmlElement,
  exclude: XmlElement | null,
  inclusive: readonly string[],
  rendered: Rendered,
  out: Sink,
): void {
  const inner = openTag(el, inclusive, rendered, out);
  for (const child of el.children) {
    if (child.type === 'text') out.text += escapeText(child.value);
    else if (child.type === 'element' && child !== exclude)
      renderElement(child, exclude, inclusive, inner, out);
  }
  out.text += `</${el.name}>`;
}

function openTag(el: XmlElement, inclusive: readonly string[], rendered: Rendered, out: Sink): Rendered {
  let tag = `<${el.name}`;
  // Visibly utilized prefixes: the element's own, its prefixed attributes', and the inclusive list.
  let prefixes: string[] | null = null;
  for (const a of el.attributes) {
    if (a.prefix !== '' && a.prefix !== el.prefix) (prefixes ??= []).push(a.prefix);
  }
  for (const p of inclusive) if (p === '' || el.scope[p] !== undefined) (prefixes ??= []).push(p);
  let next = rendered;
  let decls: string[] | null = null;
  for (let i = -1; i < (prefixes?.length ?? 0); i++) {
    const prefix = i === -1 ? el.prefix : prefixes![i]!;
    if (prefix === 'xml') continue;
    const uri = el.scope[prefix] ?? '';
    if (next[prefix] === uri || (prefix !== '' && uri === '')) continue;
    if (next === rendered) next = Object.create(rendered) as Rendered;
    next[prefix] = uri;
    (decls ??= []).push(prefix);
  }
  if (decls) {
    if (decls.length > 1) decls.sort(compareCodePoints);
    for (const prefix of decls) {
      tag += `${prefix === '' ? ' xmlns' : ` xmlns:${prefix}`}="${escapeAttribute(next[prefix]!)}"`;
    }
  }
  const attrs = el.attributes.length > 1 ? [...el.attributes].sort(compareAttributes) : el.attributes;
  for (const a of attrs) tag += ` ${a.name}="${escapeAttribute(a.value)}"`;
  out.text += `${tag}>`;
  return next;
}

function compareAttributes(a: XmlAttribute, b: XmlAttribute): number {
  // No-namespace attributes first, then by namespace URI, then by local name.
  return a.ns !== b.ns ? compareCodePoints(a.ns, b.ns) : compareCodePoints(a.local, b.local);
}

/** C14N orders by Unicode code point; plain `<` compares UTF-16 units, which differ past the surrogates. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

function escapeText(value: string): string {
  if (!/[&<>\r]/.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function escapeAttribute(value: string): string {
  if (!/[&<"\t\n\r]/.test(value)) return value;
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}
