import type { BenchCase, BenchFixtures } from './fixtures.js';

/**
 * A SAML verifier under test, configured for one benchmark case. `verify` returns the subject it
 * accepted and throws when it rejects, so the timing loop cannot count a silent failure as work.
 */
export interface Contender {
  name: string;
  /** Sync contenders run in a plain loop; async ones are awaited one at a time, never overlapped. */
  mode: 'sync' | 'async';
  verify(samlResponseBase64: string): string | Promise<string>;
  /** What this contender does not check, printed under the table so ratios are read fairly. */
  caveats: readonly string[];
}

export type ContenderFactory = (fixtures: BenchFixtures, benchCase: BenchCase) => Contender;
