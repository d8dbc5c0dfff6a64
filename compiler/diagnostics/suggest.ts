/**
 * "Did you mean" support: the closest known names to a misspelt one. Damerau-style edit distance
 * (adjacent swaps count once) because analysts' typos are mostly swaps and single slips.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Known names within a distance that scales with length (1 for short names, up to 3), best first. */
export function closestNames(wanted: string, known: Iterable<string>, max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 4)));
  const scored: { name: string; distance: number }[] = [];
  const lower = wanted.toLowerCase();
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= limit || (lower.length >= 4 && name.toLowerCase().includes(lower))) scored.push({ name, distance });
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
