import { parentPort, workerData } from 'node:worker_threads';
import type { SamlValidationResult, SamlVerifierSetting } from '../saml/types.js';
import { validateSamlResponse } from '../saml/validate.js';

/** What a verifier thread is started with: each setting's verifier data, by API name. */
export interface VerifierWorkerData {
  settings: Record<string, SamlVerifierSetting>;
}

export interface VerifierJob {
  id: number;
  setting: string;
  response: string;
  /** The login's clock reading, epoch milliseconds. */
  now: number;
}

export type VerifierReply = { id: number; result: SamlValidationResult } | { id: number; error: string };

// Entry point of a verifier thread (see VerifierPool). The settings objects live as long as
// the thread, so the core's per-setting key cache parses each certificate once here.
if (parentPort) {
  const port = parentPort;
  const settings = new Map(Object.entries((workerData as VerifierWorkerData).settings));
  const verify = (job: VerifierJob): VerifierReply => {
    try {
      const setting = settings.get(job.setting);
      if (setting === undefined) throw new Error(`no SSO setting named ${job.setting}`);
      return { id: job.id, result: validateSamlResponse(job.response, setting, { now: new Date(job.now) }) };
    } catch (error) {
      return { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
  };
  // Jobs come in batches; each answer goes back as soon as it is ready, so the first login of
  // a batch does not wait for the last one's RSA check.
  port.on('message', (jobs: VerifierJob[]) => {
    for (const job of jobs) port.postMessage(verify(job));
  });
}
