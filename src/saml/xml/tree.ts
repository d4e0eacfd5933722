/**
 * The compact, namespace-resolved tree the strict parser produces. One tree per document:
 * the element whose signature is verified is the very object every later check reads.
 */

export interface XmlAttribute {
  /** Qualified name as written, e.g. `xml:lang` or `Format`. */
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** Namespace URI; '' for unprefixed attributes. */
  readonly ns: string;
  /** Normalised, entity-decoded value. */
  readonly value: string;
}

export interface XmlNamespaceDecl {
  /** '' for the default namespace. */
  readonly prefix: string;
  readonly uri: string;
}

/** Prefix → URI for every namespace in scope; prototype-chained to the parent's scope. */
export type NamespaceScope = Record<string, string>;

export interface XmlElement {
  readonly type: 'element';
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** Namespace URI; '' when the element is in no namespace. */
  readonly ns: string;
  readonly attributes: readonly XmlAttribute[];
  /** Declarations written on this element (xmlns, xmlns:p). */
  readonly namespaceDecls: readonly XmlNamespaceDecl[];
  readonly scope: NamespaceScope;
  readonly children: XmlNode[];
  readonly parent: XmlElement | null;
}

export interface XmlText {
  readonly type: 'text';
  value: string;
}

export interface XmlComment {
  readonly type: 'comment';
  readonly value: string;
}

export type XmlNode = XmlElement | XmlText | XmlComment;

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** Value of an unprefixed attribute, or null. */
export function attr(element: XmlElement, local: string): string | null {
  for (const a of element.attributes) if (a.local === local && a.ns === '') return a.value;
  return null;
}

/** Element children in document order. */
export function childElements(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of element.children) if (c.type === 'element') out.push(c);
  return out;
}

/** Element children with the given namespace and local name. */
export function childrenNamed(element: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of element.children) if (c.type === 'element' && c.local === local && c.ns === ns) out.push(c);
  return out;
}

/** The only child with that name; null when absent; `undefined` when there are several. */
export function singleChild(element: XmlElement, ns: string, local: string): XmlElement | null | undefined {
  let found: XmlElement | null = null;
  for (const c of element.children) {
    if (c.type === 'element' && c.local === local && c.ns === ns) {
      if (found) return undefined;
      found = c;
    }
  }
  return found;
}

/**
 * Concatenated text content of the element's own text children. Comments are skipped but never
 * split the value (a comment inside a NameID must not truncate it); child elements are refused.
 */
export function textContent(element: XmlElement): string {
  let out = '';
  for (const c of element.children) {
    if (c.type === 'text') out += c.value;
  }
  return out;
}

/** Whether the element holds child elements (simple-content SAML elements must not). */
export function hasElementChildren(element: XmlElement): boolean {
  for (const c of element.children) if (c.type === 'element') return true;
  return false;
}

/** Visits every element below and including `root`, depth first, without recursion. */
export function forEachElement(root: XmlElement, visit: (element: XmlElement) => void): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    visit(el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (c.type === 'element') stack.push(c);
    }
  }
}
