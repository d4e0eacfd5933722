import { Worker } from 'node:worker_threads';
import { toVerifierSetting } from '../config/index.js';
import type { SsoSettingConfig } from '../config/types.js';
import type { SamlValidationResult, SamlVerifierSetting } from '../saml/types.js';
import { validateSamlResponse } from '../saml/validate.js';
import type { ResponseVerifier } from './verifier.js';
import type { VerifierJob, VerifierReply, VerifierWorkerData } from './verifier-worker.js';

interface Pending {
  resolve(result: SamlValidationResult): void;
  reject(error: Error): void;
}

const WORKER_URL = new URL('./verifier-worker.js', import.meta.url);

/**
 * Structured cloning gives every object Object.prototype. The core returns attributes in a
 * null-prototype object so that an attribute lookup by an IdP-chosen name (`constructor`,
 * `__proto__`) can never reach an inherited member: restore that.
 */
function restorePrototypes(result: SamlValidationResult): SamlValidationResult {
  if (result.valid) Object.setPrototypeOf(result.assertion.attributes, null);
  return result;
}

/** One worker thread and the jobs it has not answered yet. */
class PoolThread {
  readonly pending = new Map<number, Pending>();
  /** Jobs not yet posted: sent together once the event loop has run what was ready. */
  outbox: VerifierJob[] = [];
  readonly worker: Worker;
  readonly ready: Promise<void>;
  online = false;

  constructor(data: VerifierWorkerData, onExit: (thread: PoolThread, error: Error) => void) {
    this.worker = new Worker(WORKER_URL, { workerData: data, name: 'frontdesk-verifier' });
    // A pool left open must not keep the process alive; in-flight requests keep it alive anyway.
    this.worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('online', () => {
        this.online = true;
        resolve();
      });
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`verifier thread exited with code ${code}`)));
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (reply: VerifierReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if ('result' in reply) job.resolve(restorePrototypes(reply.result));
      else job.reject(new Error(`verifier thread: ${reply.error}`));
    });
    let failure: Error | null = null;
    this.worker.on('error', (error) => (failure = error));
    this.worker.on('exit', (code) =>
      onExit(this, failure ?? new Error(`verifier thread exited with code ${code}`)),
    );
  }

  /** Posts the queued jobs as one message: one wake-up of the thread, not one per login. */
  flush(): void {
    if (this.outbox.length === 0) return;
    const jobs = this.outbox;
    this.outbox = [];
    this.worker.postMessage(jobs);
  }

  failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
    this.outbox = [];
  }
}

/**
 * Verifies SAML Responses on worker threads. Verification is pure CPU (parse, C14N, RSA):
 * on the event loop it holds up HTTP and the database for about a quarter of a login's
 * time, here it runs on the other cores. Each thread receives the settings' verifier data
 * once, so certificates are parsed once per thread, not once per login.
 *
 * A job goes to the thread with the fewest unanswered jobs. A thread that dies fails its
 * unanswered jobs (those logins are refused and recorded) and is replaced.
 */
export class VerifierPool implements ResponseVerifier {
  readonly #threads: PoolThread[] = [];
  readonly #data: VerifierWorkerData;
  #nextId = 0;
  #closed = false;
  #flushScheduled = false;

  private constructor(settings: Record<string, SamlVerifierSetting>) {
    this.#data = { settings };
  }

  /** Starts `threads` threads for these SSO settings and resolves once all of them run. */
  static start(settings: readonly SsoSettingConfig[], threads: number): Promise<VerifierPool> {
    const byName: Record<string, SamlVerifierSetting> = {};
    for (const setting of settings) byName[setting.apiName] = toVerifierSetting(setting);
    return VerifierPool.startNamed(byName, threads);
  }

  /** Starts `threads` threads for verifier settings by name (see `verifyNamed`). */
  static async startNamed(
    settings: Record<string, SamlVerifierSetting>,
    threads: number,
  ): Promise<VerifierPool> {
    const pool = new VerifierPool(settings);
    for (let i = 0; i < threads; i++) pool.#threads.push(pool.#spawn());
    try {
      await Promise.all(pool.#threads.map((t) => t.ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get threadCount(): number {
    return this.#threads.length;
  }

  verify(setting: SsoSettingConfig, samlResponse: string, now: Date): Promise<SamlValidationResult> {
    if (!Object.hasOwn(this.#data.settings, setting.apiName)) {
      // A setting the threads were not given: still verify, here.
      return Promise.resolve(validateSamlResponse(samlResponse, toVerifierSetting(setting), { now }));
    }
    return this.#dispatch(setting.apiName, samlResponse, now);
  }

  /** Verifies against the verifier setting started under `name`. */
  verifyNamed(name: string, samlResponse: string, now: Date): Promise<SamlValidationResult> {
    // Own keys only: a name such as `__proto__` must not find an inherited member.
    if (!Object.hasOwn(this.#data.settings, name)) {
      return Promise.reject(new Error(`verifier pool: no setting named ${name}`));
    }
    return this.#dispatch(name, samlResponse, now);
  }

  /** Queues a job for the least busy thread; `name` is a setting the threads were started with. */
  #dispatch(name: string, samlResponse: string, now: Date): Promise<SamlValidationResult> {
    const thread = this.#leastBusy();
    // Closed (or every thread failed to start): verify here rather than refuse everyone.
    if (thread === null) {
      return Promise.resolve(validateSamlResponse(samlResponse, this.#data.settings[name]!, { now }));
    }
    const id = this.#nextId++;
    const job: VerifierJob = { id, setting: name, response: samlResponse, now: now.getTime() };
    return new Promise<SamlValidationResult>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.outbox.push(job);
      this.#scheduleFlush();
    });
  }

  /** @internal Tests: stops thread `index` as a crash would. */
  async crashThreadForTest(index: number): Promise<void> {
    await this.#threads[index]?.worker.terminate();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const threads = this.#threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
    for (const thread of threads) thread.failAll(new Error('verifier pool closed'));
  }

  // Logins whose bodies arrived in the same turn of the event loop travel together.
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      for (const thread of this.#threads) thread.flush();
    });
  }

  #spawn(): PoolThread {
    return new PoolThread(this.#data, (thread, error) => this.#onExit(thread, error));
  }

  #onExit(thread: PoolThread, error: Error): void {
    thread.failAll(error);
    const index = this.#threads.indexOf(thread);
    if (index === -1 || this.#closed) return;
    // A thread that never came up would fail the same way again: drop it rather than loop.
    if (thread.online) this.#threads[index] = this.#spawn();
    else this.#threads.splice(index, 1);
  }

  #leastBusy(): PoolThread | null {
    let best: PoolThread | null = null;
    for (const thread of this.#threads) {
      if (best === null || thread.pending.size < best.pending.size) best = thread;
    }
    return best;
  }
}
