/**
 * Escapes text for HTML element content and attribute values: the pages the kits render
 * themselves (the API docs page, the local identity provider, the dev mail page) use this one.
 */
export function escapeHtml(text: string | number | boolean | null | undefined): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
