/** One problem found in a configuration. */
export interface ConfigIssue {
  /**
   * Where the problem is, e.g. `ssoSettings[1].jit.enabled`; `env.PORT` for an environment
   * override; the empty string for the document as a whole.
   */
  path: string;
  message: string;
  /** 1-based position in the file, for JSON syntax errors and duplicate keys. */
  line?: number;
  column?: number;
}

/**
 * A configuration that cannot be used. `issues` lists every problem found; the message shows
 * them one per line, so printing the error is enough for an operator.
 *
 * @example
 * try {
 *   parseConfig(raw);
 * } catch (error) {
 *   if (error instanceof ConfigError) for (const issue of error.issues) console.error(issue.path, issue.message);
 * }
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  /** The file the configuration came from, when it came from one. */
  readonly file: string | undefined;

  constructor(issues: readonly ConfigIssue[], options: { file?: string } = {}) {
    super(formatIssues(issues, options.file));
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
    this.file = options.file;
  }
}

function formatIssues(issues: readonly ConfigIssue[], file: string | undefined): string {
  const where = file === undefined ? 'Invalid configuration' : `Invalid configuration in ${file}`;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => {
    const at = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
    return `  ${issue.path === '' ? '(root)' : issue.path}${at}: ${issue.message}`;
  });
  return [`${where} (${count}):`, ...lines].join('\n');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a path as an operator would type it: dots for keys, brackets for indexes, quoted
 * brackets for keys that are not identifiers.
 *
 * @example
 * formatPath(['ssoSettings', 1, 'jit', 'enabled']); // 'ssoSettings[1].jit.enabled'
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
