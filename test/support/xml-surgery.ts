/**
 * Byte-level edits of signed XML, for building tampered fixtures. Signed documents must keep their
 * exact bytes outside the edited span, so these helpers cut and splice text rather than re-serialize.
 *
 * They understand just enough XML for documents this test suite produced (tags, quoted attributes,
 * comments, CDATA): they are tools for making fixtures, not a parser anyone should trust.
 */

export interface Span {
  /** Index of `<` of the start tag. */
  start: number;
  /** Index just past `>` of the start tag. */
  startTagEnd: number;
  /** Index just past the end tag (or the self-closing start tag). */
  end: number;
  /** The qualified name as written. */
  qname: string;
}

interface Tag {
  start: number;
  end: number;
  qname: string;
  closing: boolean;
  selfClosing: boolean;
}

function* tags(xml: string): Generator<Tag> {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return;
    if (xml.startsWith('<!--', lt)) {
      i = xml.indexOf('-->', lt + 4) + 3;
      if (i < 3) return;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      i = xml.indexOf(']]>', lt + 9) + 3;
      if (i < 3) return;
      continue;
    }
    if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      i = xml.indexOf('>', lt) + 1;
      if (i < 1) return;
      continue;
    }
    let j = lt + 1;
    let quote: string | null = null;
    while (j < xml.length) {
      const ch = xml[j];
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
      j++;
    }
    const raw = xml.slice(lt, j + 1);
    const closing = raw.startsWith('</');
    const match = /^<\/?([^\s/>]+)/.exec(raw);
    yield {
      start: lt,
      end: j + 1,
      qname: match?.[1] ?? '',
      closing,
      selfClosing: !closing && raw.endsWith('/>'),
    };
    i = j + 1;
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Every element with this local name (any prefix), in document order, outermost first when nested. */
export function findAll(xml: string, local: string): Span[] {
  const result: Span[] = [];
  const open: Array<{ tag: Tag; index: number }> = [];
  for (const tag of tags(xml)) {
    if (localName(tag.qname) !== local) continue;
    if (tag.closing) {
      const top = open.pop();
      if (!top) throw new Error(`unbalanced </${tag.qname}>`);
      const span = result[top.index];
      if (span) span.end = tag.end;
    } else {
      const span: Span = { start: tag.start, startTagEnd: tag.end, end: tag.end, qname: tag.qname };
      result.push(span);
      if (!tag.selfClosing) open.push({ tag, index: result.length - 1 });
    }
  }
  return result;
}

/** The `index`-th element with this local name; throws when absent, so a fixture can't silently miss. */
export function find(xml: string, local: string, index = 0): Span {
  const span = findAll(xml, local)[index];
  if (!span) throw new Error(`no <${local}> #${index} in document`);
  return span;
}

/** The element's full text, start tag to end tag. */
export function outer(xml: string, span: Span): string {
  return xml.slice(span.start, span.end);
}

/** Replaces [start, end) with `text`. */
export function splice(xml: string, start: number, end: number, text: string): string {
  return xml.slice(0, start) + text + xml.slice(end);
}

/** Removes the element's bytes only, leaving surrounding whitespace as the enveloped transform does. */
export function remove(xml: string, span: Span): string {
  return splice(xml, span.start, span.end, '');
}

/** Replaces everything between the element's start and end tags. */
export function replaceContent(xml: string, span: Span, text: string): string {
  const endTag = xml.lastIndexOf('</', span.end);
  if (endTag < span.startTagEnd) throw new Error(`<${span.qname}> is empty-tagged`);
  return splice(xml, span.startTagEnd, endTag, text);
}

/** Replaces the one occurrence of `search`; throws unless there is exactly one. */
export function replaceOnce(xml: string, search: string, replacement: string): string {
  const first = xml.indexOf(search);
  if (first < 0) throw new Error(`not found: ${search}`);
  if (xml.indexOf(search, first + 1) >= 0) throw new Error(`found more than once: ${search}`);
  return splice(xml, first, first + search.length, replacement);
}

/** Reads an attribute from the element's start tag. */
export function getAttribute(xml: string, span: Span, name: string): string | undefined {
  const startTag = xml.slice(span.start, span.startTagEnd);
  const match = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}="([^"]*)"`).exec(startTag);
  return match?.[1];
}

/** Sets an existing attribute on the element's start tag (value must need no escaping). */
export function setAttribute(xml: string, span: Span, name: string, value: string): string {
  const startTag = xml.slice(span.start, span.startTagEnd);
  const pattern = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}=")[^"]*(")`);
  if (!pattern.test(startTag)) throw new Error(`no ${name} on <${span.qname}>`);
  return splice(xml, span.start, span.startTagEnd, startTag.replace(pattern, `$1${value}$2`));
}

/** Index just past the end of the first child element named `local`, or the start tag's end when absent. */
export function afterChild(xml: string, parent: Span, local: string): number {
  const child = findAll(xml, local).find(
    (s) => s.start > parent.start && s.end <= parent.end && isDirectChild(xml, parent, s),
  );
  return child ? child.end : parent.startTagEnd;
}

/** Whether `child` sits directly inside `parent` (no element between them). */
export function isDirectChild(xml: string, parent: Span, child: Span): boolean {
  let depth = 0;
  for (const tag of tags(xml.slice(parent.startTagEnd, child.start))) {
    if (tag.closing) depth--;
    else if (!tag.selfClosing) depth++;
  }
  return depth === 0;
}
