import { ConfigError, formatPath, type ConfigIssue } from './config-error.js';

/*
 * JSON.parse reports some syntax errors without a position and silently keeps the last of
 * two equal keys. A configuration deserves better on both counts, so the text is scanned
 * first: syntax errors get a line and column, duplicate keys are errors.
 */

const MAX_DEPTH = 256;

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses configuration JSON. Throws {@link ConfigError} for a syntax error (with its line and
 * column) or for duplicate keys (one issue per repeated key).
 *
 * @example
 * parseJsonText('{"server": {"port": 8080}}'); // { server: { port: 8080 } }
 */
export function parseJsonText(text: string, options: { file?: string } = {}): unknown {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const scanner = new Scanner(source);
  try {
    scanner.document();
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const { line, column } = position(source, error.offset);
    throw new ConfigError(
      [{ path: '', message: `JSON syntax error: ${error.message}`, line, column }],
      options,
    );
  }
  if (scanner.duplicates.length > 0) throw new ConfigError(scanner.duplicates, options);
  return JSON.parse(source) as unknown;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

class Scanner {
  private i = 0;
  private readonly path: Array<string | number> = [];
  readonly duplicates: ConfigIssue[] = [];

  constructor(private readonly text: string) {}

  document(): void {
    this.whitespace();
    if (this.i >= this.text.length) throw new SyntaxProblem('the file is empty', this.i);
    this.value(0);
    this.whitespace();
    if (this.i < this.text.length)
      throw new SyntaxProblem(`unexpected ${this.shown()} after the end of the document`, this.i);
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) throw new SyntaxProblem(`nesting deeper than ${MAX_DEPTH} levels`, this.i);
    const c = this.text[this.i];
    if (c === '{') this.object(depth);
    else if (c === '[') this.array(depth);
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (!this.literal('true') && !this.literal('false') && !this.literal('null')) {
      throw new SyntaxProblem(`expected a value, found ${this.shown()}`, this.i);
    }
  }

  private object(depth: number): void {
    this.i++;
    const keys = new Set<string>();
    this.whitespace();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    while (true) {
      this.whitespace();
      if (this.text[this.i] !== '"')
        throw new SyntaxProblem(`expected a "quoted" key, found ${this.shown()}`, this.i);
      const keyStart = this.i;
      const key = this.string();
      if (keys.has(key)) {
        const { line, column } = position(this.text, keyStart);
        this.duplicates.push({
          path: formatPath([...this.path, key]),
          message: `duplicate key ${JSON.stringify(key)}; JSON would silently keep only the last one`,
          line,
          column,
        });
      }
      keys.add(key);
      this.whitespace();
      if (this.text[this.i] !== ':')
        throw new SyntaxProblem(`expected ":" after a key, found ${this.shown()}`, this.i);
      this.i++;
      this.whitespace();
      this.path.push(key);
      this.value(depth + 1);
      this.path.pop();
      if (this.afterMember('}')) return;
    }
  }

  private array(depth: number): void {
    this.i++;
    this.whitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.whitespace();
      this.path.push(index);
      this.value(depth + 1);
      this.path.pop();
      if (this.afterMember(']')) return;
    }
  }

  /** After a member: true at the closing bracket (consumed), false after a comma. */
  private afterMember(close: '}' | ']'): boolean {
    this.whitespace();
    const at = this.i;
    const c = this.text[at];
    if (c === close) {
      this.i++;
      return true;
    }
    if (c !== ',')
      throw new SyntaxProblem(`expected "," or "${close}" after a value, found ${this.shown()}`, at);
    this.i++;
    this.whitespace();
    if (this.text[this.i] === close) throw new SyntaxProblem(`trailing comma before "${close}"`, at);
    return false;
  }

  /** Scans a string literal and returns its decoded value. */
  private string(): string {
    const start = this.i;
    this.i++;
    while (true) {
      const c = this.text[this.i];
      if (c === undefined) throw new SyntaxProblem('unterminated string', start);
      if (c === '"') break;
      if (c < ' ') throw new SyntaxProblem('control character in a string (use \\n, \\t, …)', this.i);
      if (c === '\\') {
        const escape = this.text[this.i + 1];
        if (escape === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            throw new SyntaxProblem('invalid \\u escape (four hex digits expected)', this.i);
          }
          this.i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          throw new SyntaxProblem(`invalid escape \\${escape ?? ''}`, this.i);
        }
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
      this.text.slice(this.i, this.i + 400),
    );
    if (match === null) throw new SyntaxProblem(`invalid number starting with ${this.shown()}`, this.i);
    this.i += match[0].length;
    const next = this.text[this.i];
    if (next !== undefined && /[0-9A-Za-z.]/.test(next)) {
      throw new SyntaxProblem(`invalid number (unexpected ${this.shown()})`, this.i);
    }
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.i)) return false;
    this.i += word.length;
    return true;
  }

  private whitespace(): void {
    while (true) {
      const c = this.text[this.i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.i++;
    }
  }

  private shown(): string {
    const c = this.text[this.i];
    if (c === undefined) return 'the end of the file';
    if (c === '/' && (this.text[this.i + 1] === '/' || this.text[this.i + 1] === '*')) {
      return 'a comment (JSON has none)';
    }
    if (c === "'") return "' (JSON strings use double quotes)";
    return JSON.stringify(c);
  }
}
