import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` format (what `node --cpu-prof` writes) this summary reads. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  location: string;
  selfMs: number;
  share: number;
}

export interface CategoryCost {
  category: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: FunctionCost[];
  categories: CategoryCost[];
}

/** Names a frame's category, or null to inherit its caller's (builtins, Buffer, RegExp...). */
export type Classifier = (frame: ProfileNode['callFrame']) => string | null;

/**
 * Self time per function and per category. A frame the classifier leaves unnamed takes its
 * caller's category, so a builtin like `String.prototype.replace` is billed to the code calling it.
 */
export function summarizeCpuProfile(file: string, classify: Classifier): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the gap before sample i, so the time after sample i belongs to it.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(dt, 0));
  }

  const categoryOf = new Map<number, string>();
  const category = (id: number): string => {
    const known = categoryOf.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const own = classify(node.callFrame) ?? (up === undefined ? 'other' : category(up));
    categoryOf.set(id, own);
    return own;
  };

  let totalUs = 0;
  const functions = new Map<string, FunctionCost>();
  const categories = new Map<string, number>();
  for (const [id, us] of selfUs) {
    totalUs += us;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const location = url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)';
    const key = `${name}@${location}`;
    const entry = functions.get(key) ?? { name, location, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
    const cat = category(id);
    categories.set(cat, (categories.get(cat) ?? 0) + us);
  }
  const totalMs = totalUs / 1000;
  return {
    totalMs,
    functions: [...functions.values()]
      .map((f) => ({ ...f, share: f.selfMs / totalMs }))
      .sort((a, b) => b.selfMs - a.selfMs),
    categories: [...categories]
      .map(([c, us]) => ({ category: c, selfMs: us / 1000, share: us / 1000 / totalMs }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}

function shortUrl(url: string): string {
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  return url;
}
