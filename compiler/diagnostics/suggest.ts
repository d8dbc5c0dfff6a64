/**
 * "Did you mean" support: the closest known names to a misspelt one. Damerau-style edit distance
 * (adjacent swaps count once) because analysts' typos are mostly swaps and single slips.
 */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (the one before last is needed for swaps) instead of a full matrix: hints
  // are computed on every refused request, against every name a model can reach.
  const cols = b.length + 1;
  let before = new Int32Array(cols);
  let previous = new Int32Array(cols);
  let current = new Int32Array(cols);
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length]!;
}

/** Known names within a distance that scales with length (1 for short names, up to 3), best first. */
export function closestNames(wanted: string, known: Iterable<string>, max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 4)));
  const scored: { name: string; distance: number }[] = [];
  const lower = wanted.toLowerCase();
  for (const name of known) {
    const candidate = name.toLowerCase();
    const contains = lower.length >= 4 && candidate.includes(lower);
    // The distance is at least the difference in length: skip names that cannot be close.
    if (!contains && Math.abs(candidate.length - lower.length) > limit) continue;
    const distance = editDistance(lower, candidate);
    if (distance <= limit || contains) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** The hint text for an unknown name, or undefined when nothing is close. */
export function didYouMean(wanted: string, known: Iterable<string>): string | undefined {
  const names = closestNames(wanted, known);
  if (names.length === 0) return undefined;
  return `did you mean ${names.map((n) => `'${n}'`).join(' or ')}?`;
}
