import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeCpuProfile, type ProfileSummary } from '../lib/cpuprofile.js';

/** Where server time goes, in the categories the issue asks about (verify vs SQL vs HTTP). */
export interface ServerProfile {
  file: string;
  /** Busy time (everything except idle). */
  busyMs: number;
  categories: Array<{ category: string; ms: number; shareOfBusy: number }>;
  topFunctions: Array<{ name: string; location: string; ms: number; shareOfBusy: number }>;
}

/**
 * Native frames (no URL) inherit their caller's category, so RSA verification in OpenSSL is
 * billed to node:crypto and a better-sqlite3 step to the store code that ran it.
 */
function classify(frame: { functionName: string; url: string }): string | null {
  const { functionName: name, url } = frame;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return 'native, unattributed';
  if (name === '(root)') return 'other';
  if (url.includes('internal/crypto')) return 'verify: node:crypto (RSA, SHA-256)';
  if (url.includes('/src/saml/')) return 'verify: XML parse, C14N, checks (src/saml)';
  if (url.includes('/src/sp/jit/')) return 'JIT rules (src/sp/jit)';
  if (url.includes('/src/sp/')) return 'login pipeline (src/sp)';
  if (url.includes('/src/config/')) return 'login pipeline (src/sp)';
  // The bench's statement counter wraps the drivers' entry points: better-sqlite3 is native, so
  // this frame's self time is the SQLite engine itself (for pg it is near zero).
  if (name === 'driverCall') return 'SQL: SQLite engine (native)';
  if (url.includes('/src/store/') || url.includes('/kysely/')) return 'SQL: store + Kysely';
  if (url.includes('better-sqlite3')) return 'SQL: store + Kysely';
  if (
    url.includes('/pg/') ||
    url.includes('/pg-protocol/') ||
    url.includes('/pg-pool/') ||
    url.includes('/pg-types/')
  )
    return 'SQL: pg driver';
  if (url.includes('/src/server/') || url.includes('/src/web/')) return 'HTTP: routes (src/server)';
  if (
    /node:(_http|http|net|internal\/(http|stream|streams|net|url|timers))/.test(url) ||
    /node:internal\/(process\/task_queues)/.test(url)
  )
    return 'HTTP + event loop: node:http, net, streams';
  return null;
}

/** Summarizes the single `.cpuprofile` that `node --cpu-prof` wrote into `dir`. */
export function summarizeServerProfile(dir: string): ServerProfile | null {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return null;
  const summary: ProfileSummary = summarizeCpuProfile(join(dir, file), classify);
  const idle = summary.categories.find((c) => c.category === 'idle')?.selfMs ?? 0;
  const busyMs = summary.totalMs - idle;
  return {
    file: join(dir, file),
    busyMs,
    categories: summary.categories
      .filter((c) => c.category !== 'idle')
      .map((c) => ({ category: c.category, ms: c.selfMs, shareOfBusy: c.selfMs / busyMs })),
    topFunctions: summary.functions
      .filter((f) => f.name !== '(idle)')
      .slice(0, 15)
      .map((f) => ({ name: f.name, location: f.location, ms: f.selfMs, shareOfBusy: f.selfMs / busyMs })),
  };
}
