/**
 * The response page's forms as a browser sends them, and the page as a reader sees it: what
 * tests of the pages behind emailed links post and read back.
 */

/**
 * fetch options that post `fields` as a browser posts a form: URL-encoded, a field with several
 * values (ticked checkboxes) once per value; a redirect is left for the test to see.
 */
export function formPost(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', redirect: 'manual' as const, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
}

/** The value of the page's hidden input `name` ('' when it has none). */
export const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** The page's text: tags dropped, the apostrophes and quotes it escapes put back, white space folded. */
export const pageText = (html: string): string =>
  html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/&quot;/g, '"').replace(/\s+/g, ' ');
