/** Text made safe to place in HTML, as element content or a quoted attribute: the one escaping every page, paper and mail uses. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
