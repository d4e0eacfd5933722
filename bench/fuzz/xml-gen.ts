/**
 * Random XML documents for the parser and C14N fuzzer: a model of namespace-correct trees, a
 * serializer that writes one model in many equivalent spellings, and hostile mutations.
 */
import fc from 'fast-check';

export interface GenAttribute {
  prefix: string;
  local: string;
  value: string;
}

export interface GenDecl {
  /** '' for the default namespace. */
  prefix: string;
  uri: string;
}

export interface GenElement {
  kind: 'element';
  prefix: string;
  local: string;
  decls: GenDecl[];
  attrs: GenAttribute[];
  children: GenNode[];
  /** Namespace URI the parser must resolve; filled by {@link repairNamespaces}. */
  ns: string;
}

export interface GenText {
  kind: 'text';
  value: string;
}

export interface GenComment {
  kind: 'comment';
  value: string;
}

export type GenNode = GenElement | GenText | GenComment;

export interface GenDocument {
  root: GenElement;
  declaration: boolean;
  bom: boolean;
  before: GenComment[];
  after: GenComment[];
}

// Prototype-named prefixes and names are on purpose: tables keyed by them once broke the parser.
const PREFIXES = ['p', 'q', 'saml', 'ds', 'xs', '__proto__', 'constructor', 'toString', 'é'];
const LOCALS = ['a', 'b', 'Assertion', 'ID', 'x-y', '_u', 'n.1', 'é', '__proto__', 'constructor', 'valueOf'];
const URIS = [
  'urn:a',
  'urn:b',
  'urn:oasis:names:tc:SAML:2.0:assertion',
  'http://e.org/ns?x=1&y=2',
  'urn:é',
  'urn:"q"<lt>',
  'urn:tab\there',
];

/** Characters text and attribute values are made of: XML specials, line ends, non-ASCII, astral. */
const VALUE_UNITS = [
  'a',
  'Z',
  '0',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '&',
  '<',
  '>',
  '"',
  "'",
  ']',
  ']]>',
  ';',
  '#',
  '-',
  '=',
  'é',
  '€',
  '\u00a0',
  '\u0085',
  '\u2028',
  '\ufeff',
  '😀',
  '\ud834\udd1e',
];

const valueArb = fc.string({ unit: fc.constantFrom(...VALUE_UNITS), maxLength: 12 });
const commentArb = fc
  .string({ unit: fc.constantFrom('a', ' ', '-', '<', '>', '&', 'é', '😀', '\n', '\t'), maxLength: 10 })
  .map((s) => s.replace(/-+/g, '-').replace(/-$/, ''));

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const declArb: fc.Arbitrary<GenDecl> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      prefix: fc.oneof(fc.constant(''), fc.constantFrom(...PREFIXES)),
      uri: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...URIS) },
        { weight: 1, arbitrary: fc.constant('') },
      ),
    }),
  },
  // Declaring xml to its own namespace is allowed, and once crashed the parser.
  { weight: 1, arbitrary: fc.constant({ prefix: 'xml', uri: XML_NS }) },
);
const attrArb: fc.Arbitrary<GenAttribute> = fc.record({
  prefix: fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: fc.constantFrom(...PREFIXES) },
    { weight: 1, arbitrary: fc.constant('xml') },
  ),
  local: fc.constantFrom(...LOCALS),
  value: valueArb,
});

const treeArb = fc.letrec<{ node: GenNode; element: GenElement }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'xml' },
    fc.record({ kind: fc.constant('text' as const), value: valueArb }),
    fc.record({ kind: fc.constant('comment' as const), value: commentArb }),
    tie('element'),
  ),
  element: fc.record({
    kind: fc.constant('element' as const),
    prefix: fc.oneof(
      { weight: 2, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom(...PREFIXES) },
    ),
    local: fc.constantFrom(...LOCALS),
    decls: fc.array(declArb, { maxLength: 3 }),
    attrs: fc.array(attrArb, { maxLength: 4 }),
    children: fc.array(tie('node'), { maxLength: 5, depthIdentifier: 'xml' }),
    ns: fc.constant(''),
  }),
}));

/** Namespace-correct documents: every prefix used is declared, no attribute appears twice. */
export const documentArb: fc.Arbitrary<GenDocument> = fc
  .record({
    root: treeArb.element,
    declaration: fc.boolean(),
    bom: fc.boolean(),
    before: fc.array(fc.record({ kind: fc.constant('comment' as const), value: commentArb }), {
      maxLength: 2,
    }),
    after: fc.array(fc.record({ kind: fc.constant('comment' as const), value: commentArb }), {
      maxLength: 2,
    }),
  })
  .map((doc) => {
    repairNamespaces(doc.root, new Map([['xml', XML_NS]]));
    return doc;
  });

/**
 * Makes a random tree namespace-well-formed in place: drops invalid or repeated declarations and
 * attributes, declares every prefix used, and records the namespace each element resolves to.
 */
export function repairNamespaces(el: GenElement, inherited: ReadonlyMap<string, string>): void {
  const scope = new Map(inherited);
  const seenDecl = new Set<string>();
  el.decls = el.decls.filter((d) => {
    if (seenDecl.has(d.prefix) || (d.prefix !== '' && d.uri === '')) return false;
    seenDecl.add(d.prefix);
    scope.set(d.prefix, d.uri);
    return true;
  });
  const declare = (prefix: string): void => {
    if (scope.has(prefix)) return;
    const uri = `urn:repair:${prefix}`;
    el.decls.push({ prefix, uri });
    scope.set(prefix, uri);
  };
  if (el.prefix !== '') declare(el.prefix);
  el.ns = scope.get(el.prefix) ?? '';
  const seenQName = new Set<string>();
  const seenExpanded = new Set<string>();
  el.attrs = el.attrs.filter((a) => {
    if (a.prefix === '' && a.local === 'xmlns') return false;
    if (a.prefix !== '') declare(a.prefix);
    const qname = a.prefix ? `${a.prefix}:${a.local}` : a.local;
    const expanded = `{${a.prefix ? scope.get(a.prefix) : ''}}${a.local}`;
    if (seenQName.has(qname) || seenExpanded.has(expanded)) return false;
    seenQName.add(qname);
    seenExpanded.add(expanded);
    return true;
  });
  for (const child of el.children) if (child.kind === 'element') repairNamespaces(child, scope);
}

/** Tiny deterministic generator so one model can be spelled many ways from a style seed. */
function styleRandom(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

function charRef(cp: number, pick: (n: number) => number): string {
  const hex = cp.toString(16);
  return [`&#${cp};`, `&#x${hex};`, `&#x${hex.toUpperCase()};`, `&#00${cp};`][pick(4)]!;
}

function escapeText(value: string, pick: (n: number) => number, previousChar = ''): string {
  let out = '';
  let previous = previousChar;
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '&') out += ['&amp;', '&#38;', '&#x26;'][pick(3)];
    else if (ch === '<') out += ['&lt;', '&#60;'][pick(2)];
    else if (ch === '>') out += previous === ']' || pick(2) === 0 ? '&gt;' : '>';
    else if (ch === '\r') out += charRef(13, pick);
    else if (ch !== '\n' && ch !== ' ' && pick(12) === 0) out += charRef(cp, pick);
    else out += ch;
    previous = ch;
  }
  return out;
}

function escapeAttribute(value: string, quote: string, pick: (n: number) => number): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '&') out += ['&amp;', '&#38;'][pick(2)];
    else if (ch === '<') out += ['&lt;', '&#x3C;'][pick(2)];
    else if (ch === quote) out += ch === '"' ? ['&quot;', '&#34;'][pick(2)] : ['&apos;', '&#39;'][pick(2)];
    else if (ch === '\t' || ch === '\n' || ch === '\r') out += charRef(cp, pick);
    else if (pick(12) === 0) out += charRef(cp, pick);
    else out += ch;
  }
  return out;
}

/** Text, sometimes split into CDATA sections where that spelling is possible. */
function writeText(value: string, pick: (n: number) => number): string {
  if (value === '' || pick(3) !== 0) return escapeText(value, pick);
  const chars = Array.from(value);
  const cut = pick(chars.length + 1);
  const parts = [chars.slice(0, cut).join(''), chars.slice(cut).join('')];
  let out = '';
  let previous = '';
  for (const part of parts) {
    if (part !== '' && !part.includes(']]>') && !part.includes('\r')) {
      out += `<![CDATA[${part}]]>`;
      previous = '';
    } else {
      // A '>' right after a plain ']' must stay escaped, even across the split.
      out += escapeText(part, pick, previous);
      previous = part === '' ? previous : part[part.length - 1]!;
    }
  }
  return out;
}

const TAG_SPACE = [' ', ' ', '\n', '\t', '\r\n  '];

function writeElement(el: GenElement, pick: (n: number) => number, out: string[]): void {
  const qname = el.prefix ? `${el.prefix}:${el.local}` : el.local;
  const items: Array<{ name: string; value: string }> = [
    ...el.decls.map((d) => ({ name: d.prefix ? `xmlns:${d.prefix}` : 'xmlns', value: d.uri })),
    ...el.attrs.map((a) => ({ name: a.prefix ? `${a.prefix}:${a.local}` : a.local, value: a.value })),
  ];
  // Attribute order carries no meaning; shuffle it so canonical order is really computed.
  for (let i = items.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  out.push('<', qname);
  for (const item of items) {
    const quote = pick(2) === 0 ? '"' : "'";
    const eq = pick(6) === 0 ? ' = ' : '=';
    out.push(
      TAG_SPACE[pick(TAG_SPACE.length)]!,
      item.name,
      eq,
      quote,
      escapeAttribute(item.value, quote, pick),
      quote,
    );
  }
  if (pick(5) === 0) out.push(TAG_SPACE[pick(TAG_SPACE.length)]!);
  if (el.children.length === 0 && pick(2) === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  // Adjacent texts are one text node to a parser; written apart, "]]" then ">" would be "]]>".
  const children: GenNode[] = [];
  for (const child of el.children) {
    const last = children[children.length - 1];
    if (child.kind === 'text' && last?.kind === 'text') {
      children[children.length - 1] = { kind: 'text', value: last.value + child.value };
    } else children.push(child);
  }
  for (const child of children) {
    if (child.kind === 'element') writeElement(child, pick, out);
    else if (child.kind === 'comment') out.push('<!--', child.value, '-->');
    else out.push(writeText(child.value, pick));
  }
  out.push('</', qname, pick(8) === 0 ? ' >' : '>');
}

/**
 * Writes the document; each `style` seed gives another spelling (quotes, self-closing tags,
 * character references, CDATA, attribute order, whitespace) of the same information set.
 */
export function serializeDocument(doc: GenDocument, style: number): string {
  const pick = styleRandom(style);
  const out: string[] = [];
  if (doc.bom) out.push('\ufeff');
  if (doc.declaration)
    out.push(pick(2) === 0 ? '<?xml version="1.0"?>' : "<?xml version='1.0' encoding='UTF-8'?>\n");
  for (const c of doc.before) out.push('<!--', c.value, '-->', pick(2) === 0 ? '\n' : '');
  writeElement(doc.root, pick, out);
  for (const c of doc.after) out.push(pick(2) === 0 ? '\r\n' : '', '<!--', c.value, '-->');
  return out.join('');
}

/** Fragments that probe the parser's refusals when spliced anywhere into a document. */
const HOSTILE_TOKENS = [
  '<!DOCTYPE r [<!ENTITY x "y">]>',
  '<!DOCTYPE r SYSTEM "file:///etc/passwd">',
  '<!DOCTYPE',
  '<!ENTITY e "e">',
  '<!ELEMENT',
  '&x;',
  '&e;',
  '&constructor;',
  '&__proto__;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&#',
  '&amp',
  '&',
  '<!--',
  '-->',
  '--',
  '<![CDATA[',
  ']]>',
  '<?pi x?>',
  '<?xml version="1.0"?>',
  '<',
  '>',
  '/>',
  '</',
  '</a>',
  '"',
  "'",
  '=',
  ' xmlns:zz="urn:z"',
  ' zz:a="1"',
  '<zz:e>',
  ' xmlns=""',
  ' xmlns:p=""',
  ' xmlns:="urn:x"',
  ' xmlns:xml="http://www.w3.org/XML/1998/namespace"',
  ' xmlns:xml="urn:x"',
  ' a="1" a="2"',
  '\u0000',
  '\u0001',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\ufeff',
  '\r',
];

/** Attribute-shaped fragments, spliced right after an element name. */
const TAG_TOKENS = [
  ' xmlns:xml="http://www.w3.org/XML/1998/namespace"',
  ' xml:lang="en"',
  ' xmlns:zz="urn:z" zz:ID="x"',
  ' xmlns:__proto__="urn:p" __proto__:a="1"',
  ' xmlns:constructor="urn:c"',
  ' xmlns=""',
  ' xmlns="urn:oasis:names:tc:SAML:2.0:assertion"',
  ' ID="_a1b2c3d4e5f60718293"',
  ' ID="dup" ID="dup"',
  ' xmlns:p="urn:1" xmlns:q="urn:1" p:a="1" q:a="2"',
  ' a="&#9;&#10;&#13;"',
  ' a="\t\n\r\n"',
  ' a=1',
  ' a',
  '/',
];

/** Content-shaped fragments, spliced right after a '>'. */
const CONTENT_TOKENS = [
  '<!---->',
  '<!-- x -->',
  '<![CDATA[x]]>',
  '<![CDATA[]]>',
  '&#x20;',
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>',
  '<saml:Assertion ID="_x" Version="2.0"/>',
  '<e xmlns="">t</e>',
];

/** One edit applied to a string: positions are fractions so they fit any length. */
export type Mutation =
  | { kind: 'replace'; at: number; with: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'tag'; at: number; text: string }
  | { kind: 'content'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'nest'; at: number; depth: number; selfClose: boolean }
  | { kind: 'prefix'; from: string; to: string }
  | { kind: 'truncate'; at: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const charArb = fc.oneof(
  fc.constantFrom('<', '>', '&', ';', '"', "'", '=', '/', '!', '?', '-', '[', ']', ':', '#', ' ', '\n'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fraction, with: charArb }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fraction,
    text: fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), charArb),
  }),
  fc.record({
    kind: fc.constant('tag' as const),
    at: fraction,
    text: fc.oneof(fc.constantFrom(...TAG_TOKENS), fc.constantFrom(...HOSTILE_TOKENS)),
  }),
  fc.record({
    kind: fc.constant('content' as const),
    at: fraction,
    text: fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.constantFrom(...CONTENT_TOKENS)),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fraction,
    length: fc.integer({ min: 1, max: 200 }),
    to: fraction,
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    at: fraction,
    depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 60, max: 30_000 })),
    selfClose: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('prefix' as const),
    from: fc.constantFrom('saml', 'samlp', 'ds', 'ec', 'xs'),
    to: fc.constantFrom('zz', 'saml', 'samlp', 'ds', 'xml', 'xmlns', '', '__proto__', 'a:b'),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
);

/** Offsets right after a start-tag name (where an attribute may go) or right after a '>'. */
function structuralOffsets(source: string, kind: 'tag' | 'content'): number[] {
  const out: number[] = [];
  const pattern = kind === 'tag' ? /<[^\s/>!?]+/g : />/g;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) out.push(m.index + m[0].length);
  return out;
}

export function applyMutation(source: string, m: Mutation): string {
  const pos = (f: number): number => Math.floor(f * (source.length + 1));
  switch (m.kind) {
    case 'tag':
    case 'content': {
      const offsets = structuralOffsets(source, m.kind);
      const at = offsets.length === 0 ? pos(m.at) : offsets[Math.floor(m.at * offsets.length)]!;
      return source.slice(0, at) + m.text + source.slice(at);
    }
    case 'replace': {
      const at = Math.min(pos(m.at), source.length - 1);
      return source.slice(0, at) + m.with + source.slice(at + 1);
    }
    case 'insert':
      return source.slice(0, pos(m.at)) + m.text + source.slice(pos(m.at));
    case 'delete':
      return source.slice(0, pos(m.at)) + source.slice(pos(m.at) + m.length);
    case 'duplicate': {
      const piece = source.slice(pos(m.at), pos(m.at) + m.length);
      return source.slice(0, pos(m.to)) + piece + source.slice(pos(m.to));
    }
    case 'nest': {
      const open = m.selfClose ? '<n>'.repeat(m.depth - 1) + '<n/>' : '<n>'.repeat(m.depth);
      const close = m.selfClose ? '</n>'.repeat(m.depth - 1) : '</n>'.repeat(m.depth);
      const at = pos(m.at);
      return source.slice(0, at) + open + close + source.slice(at);
    }
    case 'prefix':
      return source.split(`${m.from}:`).join(m.to === '' ? '' : `${m.to}:`);
    case 'truncate':
      return source.slice(0, pos(m.at));
  }
}

/** Strings made of XML tokens: far likelier than random text to get deep into the parser. */
export const xmlishStringArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE_TOKENS),
      fc.constantFrom('<a>', '</a>', '<a/>', '<p:a xmlns:p="urn:p">', '</p:a>', ' b="1"', 'text', ' ', '\n'),
      charArb,
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));
