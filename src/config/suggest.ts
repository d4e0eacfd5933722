/**
 * The candidate closest to a mistyped `value`, or `undefined` when none is plausibly meant.
 * Used to end messages with "did you mean …?".
 *
 * @example
 * closestMatch('jti', ['jit', 'name']); // 'jit'
 */
export function closestMatch(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const other = candidate.toLowerCase();
    // A shortened name ("timezone" for "timeZoneSidKey") is as plausible as a one-letter typo.
    const contained = lower.length >= 4 && (other.includes(lower) || lower.includes(other));
    const distance = other === lower ? 0 : contained ? 1 : editDistance(lower, other);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = value.length <= 3 ? 1 : Math.max(2, Math.floor(value.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/**
 * `message` followed by a "did you mean" hint when one of `candidates` is close to `value`.
 *
 * @example
 * withSuggestion('unknown profile "Admin"', 'Admin', ['Admins']); // '… (did you mean "Admins"?)'
 */
export function withSuggestion(message: string, value: string, candidates: Iterable<string>): string {
  const match = closestMatch(value, candidates);
  return match === undefined ? message : `${message} (did you mean ${JSON.stringify(match)}?)`;
}

// Optimal string alignment distance: a swapped pair of letters counts as one typo.
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      d[i * cols + j] = value;
    }
  }
  return at(rows - 1, cols - 1);
}
