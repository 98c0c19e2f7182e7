/** JSON with sorted keys, so equal values give equal text (for the import's change checks). */
import { createHash } from 'node:crypto';

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * A hash of a plan input, to recognise the same input imported again. The input is built by
 * one code path, so its keys always come in the same order and plain JSON will do (sorting
 * every object's keys cost a tenth of a large import). Equal content written in a different
 * order at most misses the shortcut: the import then compares row by row and writes nothing.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
