import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config/index.js';
import type { FrontdeskConfig } from './config/types.js';
import { createHttpServer } from './server/app.js';
import { defaultProvisioner, loadJitHandlers } from './sp/jit/index.js';
import { LoginService } from './sp/login-service.js';
import type { Provisioner } from './sp/provisioner.js';
import { createResponseVerifier, type ResponseVerifier } from './sp/verifier.js';
import { applyConfigToStore } from './sp/seed.js';
import { openStore, type OpenStoreOptions, type Store } from './store/index.js';

export interface FrontdeskOptions {
  /** A validated configuration; otherwise it is loaded from `configPath` / FRONTDESK_CONFIG / defaults. */
  config?: FrontdeskConfig;
  configPath?: string;
  /** An open store; otherwise one is opened from `config.database.url`. */
  store?: Store;
  now?: () => Date;
  /** JIT provisioning; default: standard JIT and the custom settings' handlers (`defaultProvisioner`). */
  provisioner?: Provisioner;
  log?: (message: string, error?: unknown) => void;
  /** Signature and protocol checks; default per `server.verifierThreads` (owned and closed by Frontdesk). */
  verifier?: ResponseVerifier;
}

export interface Frontdesk {
  readonly config: FrontdeskConfig;
  readonly store: Store;
  readonly loginService: LoginService;
  readonly server: Server;
  /** Starts listening and the periodic purge of expired replay entries, requests and sessions. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

const PURGE_INTERVAL_MS = 60_000;

/** How the server opens its database: what `createFrontdesk` does when it is given no store. */
export function serverStoreOptions(config: FrontdeskConfig, now?: () => Date): OpenStoreOptions {
  return { url: config.database.url, checkpointThread: true, ...(now ? { now } : {}) };
}

/**
 * The composition root: builds the store, services and HTTP server once; starts nothing until
 * `listen()`.
 *
 * @example
 * const app = await createFrontdesk({ configPath: 'frontdesk.config.json' });
 * await app.listen();
 */
export async function createFrontdesk(options: FrontdeskOptions = {}): Promise<Frontdesk> {
  const config = options.config ?? (await loadConfig(options.configPath));
  const now = options.now ?? (() => new Date());
  const log =
    options.log ??
    ((message: string, error?: unknown) => console.error(`[frontdesk] ${message}`, error ?? ''));
  // Handler modules load before anything opens: a broken one fails the start, not the first login.
  const provisioner = options.provisioner ?? defaultProvisioner(config, await loadJitHandlers(config));
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore(serverStoreOptions(config, now)));
  await applyConfigToStore(config, store);
  const ownsVerifier = !options.verifier;
  let verifier: ResponseVerifier;
  try {
    verifier = options.verifier ?? (await createResponseVerifier(config));
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  const loginService = new LoginService({ config, store, now, log, provisioner, verifier });
  const server = createHttpServer({ config, store, loginService, now, log });
  let purgeTimer: NodeJS.Timeout | null = null;

  const purge = async () => {
    const at = now();
    try {
      await store.replayCache.purgeExpired(at);
      await store.outstandingRequests.purgeExpired(at);
      await store.sessions.purgeExpired(at);
      await store.loginHistory.purgeExpiredAssertions(at);
    } catch (error) {
      log('purge failed', error);
    }
  };

  return {
    config,
    store,
    loginService,
    server,
    async listen(port = config.server.port, host = config.server.host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      purgeTimer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
      purgeTimer.unref();
      const address = server.address() as AddressInfo;
      return { port: address.port, url: `http://${host}:${address.port}` };
    },
    async close() {
      if (purgeTimer) clearInterval(purgeTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsVerifier) await verifier.close();
      if (ownsStore) await store.close();
    },
  };
}
