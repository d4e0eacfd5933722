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
  const out: string[] = [];
  // Outside the apex nothing is rendered: the default namespace counts as rendered empty.
  renderElement(element, options.exclude ?? null, inclusive, { '': '' }, out);
  return out.join('');
}

type Rendered = Record<string, string>;

// Recursion is bounded: the parser refuses documents deeper than its depth limit.
function renderElement(
  el: XmlElement,
  exclude: XmlElement | null,
  inclusive: readonly string[],
  rendered: Rendered,
  out: string[],
): void {
  const inner = openTag(el, inclusive, rendered, out);
  for (const child of el.children) {
    if (child.type === 'text') out.push(escapeText(child.value));
    else if (child.type === 'element' && child !== exclude)
      renderElement(child, exclude, inclusive, inner, out);
  }
  out.push('</', el.name, '>');
}

function openTag(el: XmlElement, inclusive: readonly string[], rendered: Rendered, out: string[]): Rendered {
  out.push('<', el.name);
  let next = rendered;
  const decls: Array<[string, string]> = [];
  const consider = (prefix: string): void => {
    if (prefix === 'xml') return;
    const uri = el.scope[prefix] ?? '';
    if (next[prefix] === uri) return;
    if (prefix !== '' && uri === '') return;
    if (next === rendered) next = { ...rendered };
    next[prefix] = uri;
    decls.push([prefix, uri]);
  };
  consider(el.prefix);
  for (const a of el.attributes) if (a.prefix !== '') consider(a.prefix);
  for (const p of inclusive) if (p === '' || el.scope[p] !== undefined) consider(p);
  if (decls.length > 1) decls.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [prefix, uri] of decls) {
    out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttribute(uri), '"');
  }
  const attrs = el.attributes.length > 1 ? [...el.attributes].sort(compareAttributes) : el.attributes;
  for (const a of attrs) out.push(' ', a.name, '="', escapeAttribute(a.value), '"');
  out.push('>');
  return next;
}

function compareAttributes(a: XmlAttribute, b: XmlAttribute): number {
  // No-namespace attributes first, then by namespace URI, then by local name.
  if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
  return a.local < b.local ? -1 : a.local > b.local ? 1 : 0;
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
