import { SamlError } from '../errors.js';
import type { NamespaceScope, XmlAttribute, XmlElement, XmlNamespaceDecl, XmlNode } from './tree.js';
import { XML_NAMESPACE, XMLNS_NAMESPACE } from './tree.js';

/** Bounds that keep hostile input cheap to refuse. */
export interface XmlLimits {
  /** Deepest element nesting accepted. SAML responses need about 10. */
  maxDepth: number;
  /** Most elements in one document. */
  maxElements: number;
  /** Most attributes on one element. */
  maxAttributes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 48, maxElements: 20_000, maxAttributes: 64 };

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const QUESTION = 63; // ?
const BANG = 33; // !

function malformed(message: string, at: number): SamlError {
  return new SamlError('XML_MALFORMED', `${message} at offset ${at}`, { check: 'parse' });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** XML 1.0 (5th ed.) NameStartChar on a BMP code unit; readName handles #x10000-#xEFFFF pairs. */
function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameChar(c: number): boolean {
  if (c < 0x80) return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
  return isNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

// eslint-disable-next-line no-control-regex -- these control characters are what XML 1.0 forbids
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Characters XML 1.0 allows in a document (surrogate pairs are checked as halves). */
function isForbiddenChar(c: number): boolean {
  if (c < 32) return c !== 9 && c !== 10 && c !== 13;
  return c === 0xfffe || c === 0xffff;
}

function isLegalCodePoint(cp: number): boolean {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Strict, namespace-aware XML 1.0 parser for security tokens.
 *
 * Refuses DTDs, entity declarations and references other than the five predefined ones and
 * character references, processing instructions, encodings other than UTF-8, undeclared prefixes,
 * duplicate attributes, and documents past the depth or size bounds. It builds one compact tree;
 * comments are kept as nodes so canonicalization can drop them and text reading can skip them.
 *
 * @example const root = parseXml('<a xmlns="urn:x"><b>hi</b></a>');
 */
export function parseXml(source: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  return new Parser(source, limits).parseDocument();
}

class Parser {
  private readonly s: string;
  private pos = 0;
  private elementCount = 0;

  constructor(
    source: string,
    private readonly limits: XmlLimits,
  ) {
    let text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    // XML 1.0 §2.11: every CR and CRLF reaches the application as LF.
    if (text.indexOf('\r') !== -1) text = text.replace(/\r\n?/g, '\n');
    this.s = text;
  }

  parseDocument(): XmlElement {
    // One native scan of the whole document replaces a check of every text and attribute value.
    if (FORBIDDEN_CHARS.test(this.s)) this.checkChars(this.s, 0);
    this.parseXmlDeclaration();
    this.skipMisc();
    if (this.s.charCodeAt(this.pos) !== LT) throw malformed('expected the root element', this.pos);
    const root = this.parseElementTree();
    this.skipMisc();
    if (this.pos !== this.s.length) throw malformed('content after the root element', this.pos);
    return root;
  }

  private parseXmlDeclaration(): void {
    if (!this.s.startsWith('<?xml', 0) || !isSpace(this.s.charCodeAt(5))) return;
    const end = this.s.indexOf('?>', 5);
    if (end === -1) throw malformed('unterminated XML declaration', 0);
    const decl = this.s.slice(5, end);
    if (
      !/^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(
        decl,
      )
    ) {
      throw malformed('invalid XML declaration', 0);
    }
    const encoding = /encoding\s*=\s*["']([^"']+)["']/.exec(decl)?.[1];
    if (encoding && !/^utf-?8$/i.test(encoding)) throw malformed(`unsupported encoding ${encoding}`, 0);
    this.pos = end + 2;
  }

  /** Whitespace and comments outside the root element; DTDs and PIs are refused here too. */
  private skipMisc(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (isSpace(c)) {
        this.pos++;
      } else if (c === LT && s.startsWith('<!--', this.pos)) {
        this.readComment();
      } else if (c === LT && s.charCodeAt(this.pos + 1) === BANG) {
        throw this.declarationError();
      } else if (c === LT && s.charCodeAt(this.pos + 1) === QUESTION) {
        throw malformed('processing instructions are not accepted', this.pos);
      } else {
        return;
      }
    }
  }

  private declarationError(): SamlError {
    if (this.s.startsWith('<!DOCTYPE', this.pos) || this.s.startsWith('<!ENTITY', this.pos)) {
      return new SamlError('XML_DTD_FORBIDDEN', 'document type declarations are not accepted', {
        check: 'parse',
        received: 'DOCTYPE',
      });
    }
    return malformed('unexpected markup declaration', this.pos);
  }

  private readComment(): string {
    const start = this.pos + 4;
    const end = this.s.indexOf('--', start);
    if (end === -1) throw malformed('unterminated comment', this.pos);
    if (this.s.charCodeAt(end + 2) !== GT) throw malformed("'--' inside a comment", end);
    const value = this.s.slice(start, end);
    this.pos = end + 3;
    return value;
  }

  /** Locates the first character XML 1.0 forbids, to say where it is. */
  private checkChars(value: string, at: number): void {
    for (let i = 0; i < value.length; i++) {
      if (isForbiddenChar(value.charCodeAt(i))) throw malformed('character not allowed in XML', at + i);
    }
  }

  private readName(): string {
    const s = this.s;
    const start = this.pos;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (i === start ? isNameStart(c) : isNameChar(c)) {
        i++;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        // A supplementary character: only a well-formed pair in #x10000-#xEFFFF is a name character.
        const cp = s.codePointAt(i)!;
        if (cp < 0x10000 || cp > 0xeffff) break;
        i += 2;
      } else {
        break;
      }
    }
    if (i === start) throw malformed('expected a name', start);
    this.pos = i;
    return s.slice(start, i);
  }

  private skipSpaces(): boolean {
    const start = this.pos;
    while (isSpace(this.s.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  /** Parses the root element and everything below it with an explicit stack (no recursion). */
  private parseElementTree(): XmlElement {
    const s = this.s;
    const stack: XmlElement[] = [];
    let root: XmlElement | null = null;
    let pendingText = '';
    let pendingTextAt = -1;

    const flushText = (): void => {
      if (pendingTextAt === -1) return;
      const top = stack[stack.length - 1]!;
      const last = top.children[top.children.length - 1];
      if (last && last.type === 'text') last.value += pendingText;
      else top.children.push({ type: 'text', value: pendingText });
      pendingText = '';
      pendingTextAt = -1;
    };

    while (true) {
      if (this.pos >= s.length) throw malformed('unexpected end of document', this.pos);
      const c = s.charCodeAt(this.pos);
      if (c !== LT) {
        if (stack.length === 0) throw malformed('text outside the root element', this.pos);
        const next = s.indexOf('<', this.pos);
        const end = next === -1 ? s.length : next;
        if (pendingTextAt === -1) pendingTextAt = this.pos;
        pendingText += this.decodeText(this.pos, end);
        this.pos = end;
        continue;
      }
      const c1 = s.charCodeAt(this.pos + 1);
      if (c1 === SLASH) {
        flushText();
        const at = this.pos;
        this.pos += 2;
        const name = this.readName();
        this.skipSpaces();
        if (s.charCodeAt(this.pos) !== GT) throw malformed('expected > after end tag name', this.pos);
        this.pos++;
        const open = stack.pop();
        if (!open || open.name !== name) throw malformed(`end tag </${name}> does not match`, at);
        if (stack.length === 0) return open;
        continue;
      }
      if (c1 === BANG) {
        if (stack.length === 0) throw malformed('unexpected markup', this.pos);
        if (s.startsWith('<!--', this.pos)) {
          flushText();
          const value = this.readComment();
          stack[stack.length - 1]!.children.push({ type: 'comment', value });
          continue;
        }
        if (s.startsWith('<![CDATA[', this.pos)) {
          const start = this.pos + 9;
          const end = s.indexOf(']]>', start);
          if (end === -1) throw malformed('unterminated CDATA section', this.pos);
          const value = s.slice(start, end);
          if (pendingTextAt === -1) pendingTextAt = this.pos;
          pendingText += value;
          this.pos = end + 3;
          continue;
        }
        throw this.declarationError();
      }
      if (c1 === QUESTION) throw malformed('processing instructions are not accepted', this.pos);

      // A start tag.
      if (root !== null && stack.length === 0) throw malformed('more than one root element', this.pos);
      flushText();
      const parent = stack.length > 0 ? stack[stack.length - 1]! : null;
      if (stack.length >= this.limits.maxDepth) {
        throw new SamlError('XML_TOO_DEEP', `elements nest deeper than ${this.limits.maxDepth}`, {
          check: 'parse',
          expected: `depth <= ${this.limits.maxDepth}`,
        });
      }
      if (++this.elementCount > this.limits.maxElements) {
        throw new SamlError('XML_TOO_COMPLEX', `more than ${this.limits.maxElements} elements`, {
          check: 'parse',
          expected: `elements <= ${this.limits.maxElements}`,
        });
      }
      const element = this.parseStartTag(parent);
      const selfClosing = this.selfClosing;
      if (parent) parent.children.push(element);
      else root = element;
      if (selfClosing) {
        if (!parent) return element;
      } else {
        stack.push(element);
      }
    }
  }

  /** Set by parseStartTag: whether the tag it just read was `<x/>` (saves an object per element). */
  private selfClosing = false;

  private parseStartTag(parent: XmlElement | null): XmlElement {
    const s = this.s;
    const tagAt = this.pos;
    this.pos++;
    const name = this.readName();
    const rawAttributes: Array<{ name: string; value: string; at: number }> = [];
    let selfClosing = false;
    while (true) {
      const hadSpace = this.skipSpaces();
      const c = s.charCodeAt(this.pos);
      if (c === GT) {
        this.pos++;
        break;
      }
      if (c === SLASH) {
        if (s.charCodeAt(this.pos + 1) !== GT) throw malformed('expected />', this.pos);
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (!hadSpace) throw malformed('expected whitespace before attribute', this.pos);
      const at = this.pos;
      const attrName = this.readName();
      this.skipSpaces();
      if (s.charCodeAt(this.pos) !== EQ) throw malformed('expected = after attribute name', this.pos);
      this.pos++;
      this.skipSpaces();
      const quote = s.charCodeAt(this.pos);
      if (quote !== QUOT && quote !== APOS) throw malformed('attribute value must be quoted', this.pos);
      const end = s.indexOf(quote === QUOT ? '"' : "'", this.pos + 1);
      if (end === -1) throw malformed('unterminated attribute value', this.pos);
      const value = this.decodeAttribute(this.pos + 1, end);
      this.pos = end + 1;
      for (const existing of rawAttributes) {
        if (existing.name === attrName) throw malformed(`duplicate attribute ${attrName}`, at);
      }
      rawAttributes.push({ name: attrName, value, at });
      if (rawAttributes.length > this.limits.maxAttributes) {
        throw new SamlError(
          'XML_TOO_COMPLEX',
          `more than ${this.limits.maxAttributes} attributes on one element`,
          {
            check: 'parse',
            expected: `attributes <= ${this.limits.maxAttributes}`,
          },
        );
      }
    }
    this.selfClosing = selfClosing;
    return this.resolveNamespaces(name, rawAttributes, parent, tagAt);
  }

  private resolveNamespaces(
    name: string,
    rawAttributes: Array<{ name: string; value: string; at: number }>,
    parent: XmlElement | null,
    tagAt: number,
  ): XmlElement {
    const parentScope: NamespaceScope = parent ? parent.scope : ROOT_SCOPE;
    let scope = parentScope;
    const namespaceDecls: XmlNamespaceDecl[] = [];
    let plainCount = 0;
    for (const a of rawAttributes) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        const prefix = a.name === 'xmlns' ? '' : a.name.slice(6);
        if (a.name === 'xmlns:') throw malformed('empty namespace prefix', a.at);
        if (prefix !== '') {
          if (prefix.includes(':') || prefix === 'xmlns')
            throw malformed(`invalid namespace prefix ${prefix}`, a.at);
          if (a.value === '') throw malformed(`prefix ${prefix} cannot be undeclared`, a.at);
        }
        if (
          prefix === 'xml'
            ? a.value !== XML_NAMESPACE
            : a.value === XML_NAMESPACE || a.value === XMLNS_NAMESPACE
        ) {
          throw malformed('reserved namespace misused', a.at);
        }
        if (scope === parentScope) scope = Object.create(parentScope) as NamespaceScope;
        if (prefix !== 'xml') scope[prefix] = a.value;
        namespaceDecls.push({ prefix, uri: a.value });
      } else {
        plainCount++;
      }
    }
    const prefix = prefixOf(name, tagAt);
    const local = prefix === '' ? name : name.slice(prefix.length + 1);
    const ns = scope[prefix];
    if (ns === undefined) {
      if (prefix !== '') throw malformed(`undeclared namespace prefix ${prefix}`, tagAt);
    }
    const attributes: XmlAttribute[] = plainCount === 0 ? NO_ATTRIBUTES : [];
    if (plainCount > 0) {
      for (const a of rawAttributes) {
        if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
        const attrPrefix = prefixOf(a.name, a.at);
        const attrLocal = attrPrefix === '' ? a.name : a.name.slice(attrPrefix.length + 1);
        let attrNs = '';
        if (attrPrefix !== '') {
          const uri = scope[attrPrefix];
          if (uri === undefined) throw malformed(`undeclared namespace prefix ${attrPrefix}`, a.at);
          attrNs = uri;
          for (const other of attributes) {
            if (other.ns === attrNs && other.local === attrLocal)
              throw malformed(`duplicate attribute ${a.name}`, a.at);
          }
        }
        attributes.push({ name: a.name, prefix: attrPrefix, local: attrLocal, ns: attrNs, value: a.value });
      }
    }
    return {
      type: 'element',
      name,
      prefix,
      local,
      ns: ns ?? '',
      attributes,
      namespaceDecls,
      scope,
      children: [],
      parent,
    };
  }

  private decodeText(start: number, end: number): string {
    const s = this.s;
    const raw = s.slice(start, end);
    if (raw.indexOf(']]>') !== -1) throw malformed("']]>' in text", start);
    return raw.indexOf('&') === -1 ? raw : this.decodeReferences(raw, start);
  }

  /** Attribute value normalisation (XML 1.0 §3.3.3) for CDATA-typed attributes. */
  private decodeAttribute(start: number, end: number): string {
    const raw = this.s.slice(start, end);
    if (raw.indexOf('<') !== -1) throw malformed("'<' in attribute value", start);
    const spaced = /[\t\n]/.test(raw) ? raw.replace(/[\t\n]/g, ' ') : raw;
    return spaced.indexOf('&') === -1 ? spaced : this.decodeReferences(spaced, start);
  }

  private decodeReferences(raw: string, at: number): string {
    let out = '';
    let i = 0;
    while (true) {
      const amp = raw.indexOf('&', i);
      if (amp === -1) return out + raw.slice(i);
      out += raw.slice(i, amp);
      const semi = raw.indexOf(';', amp + 1);
      if (semi === -1 || semi - amp > 12) throw malformed('unterminated reference', at + amp);
      const ref = raw.slice(amp + 1, semi);
      if (ref === '') throw malformed('empty reference', at + amp);
      if (ref.charCodeAt(0) === 35 /* # */) {
        const hex = ref.charCodeAt(1) === 120; /* x */
        const digits = ref.slice(hex ? 2 : 1);
        if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits))
          throw malformed('bad character reference', at + amp);
        const cp = parseInt(digits, hex ? 16 : 10);
        if (!isLegalCodePoint(cp)) throw malformed('character reference to an illegal character', at + amp);
        out += String.fromCodePoint(cp);
      } else {
        const value = Object.hasOwn(PREDEFINED_ENTITIES, ref) ? PREDEFINED_ENTITIES[ref] : undefined;
        if (value === undefined) {
          throw new SamlError('XML_ENTITY_FORBIDDEN', `entity reference &${ref}; is not accepted`, {
            check: 'parse',
            received: `&${ref};`,
          });
        }
        out += value;
      }
      i = semi + 1;
    }
  }
}

const ROOT_SCOPE: NamespaceScope = Object.freeze(
  Object.assign(Object.create(null) as NamespaceScope, { xml: XML_NAMESPACE }),
);

const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([]) as unknown as XmlAttribute[];

/** The prefix of a qualified name ('' for none), refusing malformed QNames. */
function prefixOf(name: string, at: number): string {
  const colon = name.indexOf(':');
  if (colon === -1) return '';
  if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1) {
    throw malformed(`invalid qualified name ${name}`, at);
  }
  return name.slice(0, colon);
}

export type { XmlNode };
