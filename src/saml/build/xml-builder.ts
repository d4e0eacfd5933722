import { canonicalize } from '../xml/c14n.js';
import type { NamespaceScope, XmlAttribute, XmlElement, XmlNode } from '../xml/tree.js';

/** Attribute values by name; undefined and null are left out. */
export type AttributeMap = Record<string, string | number | boolean | null | undefined>;

/**
 * Builds tree elements in the same shape the parser yields, so outgoing XML is serialized by the
 * canonicalizer (escaping done once, in one place) and can be signed with the same code path.
 *
 * @example element(NS.assertion, 'saml:Issuer', {}, ['https://sp.example'])
 */
export function element(
  ns: string,
  qname: string,
  attributes: AttributeMap = {},
  children: ReadonlyArray<XmlElement | string> = [],
  declare: Record<string, string> = {},
): XmlElement {
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const local = colon === -1 ? qname : qname.slice(colon + 1);
  const scope: NamespaceScope = Object.assign(Object.create(null) as NamespaceScope, declare, {
    [prefix]: ns,
  });
  const attrs: XmlAttribute[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    attrs.push({ name, prefix: '', local: name, ns: '', value: String(value) });
  }
  const el: XmlElement = {
    type: 'element',
    name: qname,
    prefix,
    local,
    ns,
    attributes: attrs,
    namespaceDecls: [],
    scope,
    children: [],
    parent: null,
  };
  for (const child of children) appendChild(el, child);
  return el;
}

/** Appends a child; a child element inherits the namespaces its new parent has in scope. */
export function appendChild(
  parent: XmlElement,
  child: XmlElement | string,
  index = parent.children.length,
): void {
  let node: XmlNode;
  if (typeof child === 'string') {
    node = { type: 'text', value: child };
  } else {
    adopt(parent, child);
    node = child;
  }
  parent.children.splice(index, 0, node);
}

function adopt(parent: XmlElement, child: XmlElement): void {
  (child as { parent: XmlElement | null }).parent = parent;
  const own = child.scope;
  const merged = Object.assign(Object.create(null) as NamespaceScope, parent.scope, own);
  (child as { scope: NamespaceScope }).scope = merged;
  for (const c of child.children) if (c.type === 'element') adopt(child, c);
}

/** Serializes a built element: exclusive canonical form is well-formed XML with minimal namespaces. */
export function serialize(root: XmlElement): string {
  return canonicalize(root);
}
