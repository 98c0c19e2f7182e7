/**
 * Finding the group a person means by name: an exact name or slug, else a unique start of the
 * name (findGroup), else every group whose name contains the text or whose words start with
 * each word typed. Several matches are for the person to pick from.
 */
import type { Group } from '../domain/model';
import { findGroup } from '../facts/status';

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

export function matchGroups(groups: readonly Group[], query: string): Group[] {
  const q = query.trim().replace(/^["'<]+|["'>]+$/g, '');
  if (!q) return [];
  const exact = findGroup([...groups], q);
  if (exact) return [exact];
  const lower = q.toLowerCase();
  const typed = words(q);
  return groups.filter((g) => {
    if (g.name.toLowerCase().includes(lower)) return true;
    const name = words(g.name);
    return typed.length > 0 && typed.every((t) => name.some((w) => w.startsWith(t)));
  });
}
