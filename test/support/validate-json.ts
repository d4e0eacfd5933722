import type { JitPreview } from '../../src/sp/jit/index.js';

/** The part of `frontdesk validate --json` output the JIT preview tests read. */
export interface ValidateJson {
  valid: boolean;
  errors: Array<{ code: string; message: string }>;
  jit: JitPreview | null;
}
