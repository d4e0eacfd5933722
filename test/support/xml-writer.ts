/**
 * A tiny element tree and serializer for building test XML. Text and attribute values are always
 * escaped here, so a value can never turn into markup by accident; markup that a test wants on
 * purpose (comments, entities, DOCTYPEs) is added afterwards with the surgery helpers, in plain sight.
 */

export interface XmlElement {
  kind: 'element';
  name: string;
  attributes: Array<[string, string]>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** Attribute values that are `null` or `undefined` are left out, so optional parts read naturally. */
export type AttributeInput = Record<string, string | null | undefined>;

/** Children that are `null`, `undefined` or `false` are left out; arrays are flattened. */
export type ChildInput = XmlNode | null | undefined | false | ChildInput[];

/**
 * An element. Attribute order is the object's key order.
 * @example el('saml:Audience', {}, 'https://sp.example.test')
 */
export function el(name: string, attributes: AttributeInput = {}, ...children: ChildInput[]): XmlElement {
  const attrs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) attrs.push([key, value]);
  }
  const flat: XmlNode[] = [];
  const add = (child: ChildInput): void => {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(add);
    else flat.push(child);
  };
  children.forEach(add);
  return { kind: 'element', name, attributes: attrs, children: flat };
}

/** Escapes character data. `>` too, so `]]>` can never appear. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Escapes an attribute value for double quotes; whitespace controls survive attribute normalisation. */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');
}

export interface SerializeOptions {
  /** Indent nested elements (two spaces). Text-only elements stay on one line, so values never gain whitespace. */
  pretty?: boolean;
}

function startTag(node: XmlElement): string {
  const attrs = node.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  return `<${node.name}${attrs}`;
}

function write(node: XmlNode, pretty: boolean, depth: number): string {
  if (typeof node === 'string') return escapeText(node);
  if (node.children.length === 0) return `${startTag(node)}/>`;
  const onlyText = node.children.every((c) => typeof c === 'string');
  if (!pretty || onlyText) {
    return `${startTag(node)}>${node.children.map((c) => write(c, false, 0)).join('')}</${node.name}>`;
  }
  const pad = '  '.repeat(depth + 1);
  const inner = node.children.map((c) => `\n${pad}${write(c, true, depth + 1)}`).join('');
  return `${startTag(node)}>${inner}\n${'  '.repeat(depth)}</${node.name}>`;
}

/** Serializes an element (no XML declaration). */
export function serialize(node: XmlElement, options: SerializeOptions = {}): string {
  return write(node, options.pretty ?? false, 0);
}
