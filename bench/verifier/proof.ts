import type { Contender } from './contender.js';
import type { BenchCase } from './fixtures.js';

/** Raised when a contender would be timed without really verifying; the benchmark must stop. */
export class ProofError extends Error {
  constructor(readonly failures: readonly string[]) {
    super(`contender proof failed:\n  - ${failures.join('\n  - ')}`);
    this.name = 'ProofError';
  }
}

export interface ProofRecord {
  contender: string;
  case: string;
  accepted: number;
  /** Why each attack response was refused, in the contender's own words. */
  tamperedRejectedWith: string;
  untrustedRejectedWith: string;
}

/**
 * Before any timing: the contender must accept every valid response with the right subject,
 * refuse the response whose attribute was changed after signing, and refuse the one signed by an
 * untrusted key. Returns the failures instead of throwing so one run reports them all.
 */
export async function proveContender(
  contender: Contender,
  benchCase: BenchCase,
): Promise<{ record: ProofRecord; failures: string[] }> {
  const failures: string[] = [];
  const where = `${contender.name} / ${benchCase.name}`;
  let accepted = 0;
  for (const response of benchCase.valid) {
    try {
      const subject = await contender.verify(response.base64);
      if (subject === response.nameId) accepted++;
      else failures.push(`${where}: accepted a valid response but read subject ${subject}`);
    } catch (error) {
      failures.push(`${where}: rejected a valid response: ${describe(error)}`);
    }
  }
  const refusal = async (what: string, base64: string): Promise<string> => {
    try {
      await contender.verify(base64);
      failures.push(`${where}: ACCEPTED the ${what} response`);
      return '(accepted!)';
    } catch (error) {
      return describe(error);
    }
  };
  const tamperedRejectedWith = await refusal('tampered', benchCase.tampered.base64);
  const untrustedRejectedWith = await refusal('untrusted-key', benchCase.untrusted.base64);
  return {
    record: {
      contender: contender.name,
      case: benchCase.name,
      accepted,
      tamperedRejectedWith,
      untrustedRejectedWith,
    },
    failures,
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0] ?? '';
  return line.length > 90 ? `${line.slice(0, 87)}...` : line;
}
