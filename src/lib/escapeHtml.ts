// Text that goes into HTML or XML built as a string (feeds, snippets, charts, markdown's fallbacks, icons): the
// five characters that could start markup or end a quoted attribute value become entities.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | number): string {
	return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
