/** "Did you mean": the closest known word to a close-but-wrong one, for import messages. */

/** Letters and digits only, lower case: how names and values are compared for closeness. */
export const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Edit distance counting a swap of two neighbouring letters as one slip (optimal string
 * alignment), stopping early once it exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `text` when it is close enough to be a slip (a typo, a plural,
 * different spacing or punctuation); undefined when nothing is. Candidates are returned as
 * given, so the hint shows the word as the plan or the format writes it.
 */
export function closest(text: string, candidates: Iterable<string>): string | undefined {
  const wanted = squash(text);
  if (wanted === '') return undefined;
  // One slip in five letters, at least one and at most three: "Stauts" is status, but
  // "Exclusion" is not "Inclusion".
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 5)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const squashed = squash(candidate);
    if (squashed === '') continue;
    const distance = editDistance(wanted, squashed, limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** ` Did you mean "X"?` or nothing. */
export function didYouMean(text: string, candidates: Iterable<string>): string {
  const hit = closest(text, candidates);
  return hit === undefined ? '' : ` Did you mean "${hit}"?`;
}
