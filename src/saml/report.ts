import { isSamlError, SamlError } from './errors.js';
import type { CheckResult, ValidationErrorInfo } from './types.js';

/**
 * Collects one line per check for the validator's report and the login history. Fatal checks
 * (decode, parse, structure, signature) stop the pipeline; protocol checks all run so an admin
 * sees every problem with one assertion at once.
 */
export class CheckReport {
  readonly checks: CheckResult[] = [];
  readonly errors: ValidationErrorInfo[] = [];

  /** Runs a check whose failure ends validation; rethrows the SamlError after recording it. */
  fatal<T>(check: string, run: () => T, describe?: (value: T) => Omit<CheckResult, 'check' | 'verdict'>): T {
    try {
      const value = run();
      this.checks.push({ check, verdict: 'pass', ...(describe ? describe(value) : {}) });
      return value;
    } catch (error) {
      this.recordFailure(check, error);
      throw error;
    }
  }

  /** Runs a check whose failure is recorded and validation goes on. */
  soft(check: string, run: () => Omit<CheckResult, 'check' | 'verdict'> | void): void {
    try {
      const described = run();
      this.checks.push({ check, verdict: 'pass', ...(described ?? {}) });
    } catch (error) {
      this.recordFailure(check, error);
    }
  }

  skip(check: string, message: string): void {
    this.checks.push({ check, verdict: 'skip', message });
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }

  private recordFailure(check: string, error: unknown): void {
    const samlError = isSamlError(error)
      ? error
      : new SamlError('INTERNAL_ERROR', `unexpected failure in ${check}: ${String(error)}`, { check });
    const { expected, received } = samlError.detail;
    this.checks.push({
      check,
      verdict: 'fail',
      code: samlError.code,
      message: samlError.message,
      ...(expected !== undefined ? { expected } : {}),
      ...(received !== undefined ? { received } : {}),
    });
    this.errors.push({
      code: samlError.code,
      message: samlError.message,
      check,
      ...(expected !== undefined ? { expected } : {}),
      ...(received !== undefined ? { received } : {}),
    });
  }
}
