/** Stable ids the import derives from the plan's own words. */

/** A group's id: a slug of its name, so "Health Wait Lists" is `health-wait-lists`. */
export function groupIdOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A person's id: their email in lower case. */
export function personIdOf(email: string): string {
  return email.trim().toLowerCase();
}

/** How lead strings are matched: spacing and case do not matter, spelling does. */
export function leadKey(lead: string): string {
  return tidy(lead).toLowerCase();
}

/** Trims and collapses runs of spaces inside a cell. */
export function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The plan id a source gets when none is given: its base name without extension. */
export function planIdOfSource(source: string): string {
  const base = source.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? source;
  return base.replace(/\.xlsx$/i, '');
}
