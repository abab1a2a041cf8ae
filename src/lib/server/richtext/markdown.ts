import { Marked, type Tokens } from 'marked';
import sanitizeHtml, { type IOptions } from 'sanitize-html';
import { escapeHtml } from '../../escapeHtml.ts';

/**
 * The longest markdown we render. Longer input is cut here (rendering never throws: it runs on stored content
 * while a page renders); modules refuse longer input when it is written, e.g. `z.string().max(MAX_MARKDOWN_LENGTH)`.
 */
export const MAX_MARKDOWN_LENGTH = 100_000;

// Only our own stored files are embedded (no tracking pixels, no mixed content, no foreign hosts):
// "/files/<id>" or "/files/<id>/<variant>".
const OWN_FILE = /^\/files\/[A-Za-z0-9-]{1,64}(?:\/[a-z0-9.-]{1,32})?$/;
// Links: web, mail and phone, or a path on this site ("/…" but not "//host" or "/\host").
const SAFE_HREF = /^(?:https?:\/\/|mailto:|tel:|\/(?![/\\]))/i;
// Browsers drop tabs and newlines inside a URL ("java\tscript:" is "javascript:"): a link with any control
// character is refused rather than guessed at.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;


/** A link target we let through, or null. */
export function safeHref(href: string | undefined): string | null {
	if (!href) return null;
	const trimmed = href.trim();
	return !CONTROL.test(trimmed) && SAFE_HREF.test(trimmed) ? trimmed : null;
}

/** True for the URL of one of our own stored images. */
export function isOwnFileUrl(src: string | undefined): boolean {
	return !!src && OWN_FILE.test(src);
}

const marked = new Marked({
	gfm: true,
	// Volunteers type in a plain text box: a line break there is meant as one.
	breaks: true,
	renderer: {
		// A foreign image becomes its alt text; only our own files are embedded.
		image({ href, title, text }: Tokens.Image) {
			if (!isOwnFileUrl(href)) return escapeHtml(text);
			return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`;
		}
	}
});

// marked's inline rules take quadratic time on some inputs that are not prose: a paragraph with thousands of
// emphasis markers ("_a_a_a…": 100,000 characters took 28 s) and long runs of characters that may form an e-mail
// address ("!a!a!a…"). Such text is defused before parsing by escaping the markers (a backslash-escaped
// character renders as itself), which keeps any input under a few hundred milliseconds. Real text is unchanged:
// it has neither 200 markers in one paragraph, nor 300 characters without a space, colon or bracket, nor 16 levels
// of quotes or lists.
const MAX_MARKERS_PER_PARAGRAPH = 200;
const LONG_RUN = /[^\s()[\]<>:]{300,}/g;
const PARAGRAPH_START = /^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)|^\s{0,3}#/;
const FENCE = /^\s{0,3}(?:```|~~~)/;
// Quotes and lists nested deeper than this on one line ("> > > …") are text, not structure: marked recurses per level.
const DEEP_NESTING = /^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))){16}/;

function defuse(source: string): string {
	const lines = source.split('\n');
	let inFence = false;
	let paragraph: number[] = [];
	const endParagraph = () => {
		let markers = 0;
		for (const i of paragraph) markers += lines[i]!.match(/[*_~]/g)?.length ?? 0;
		if (markers > MAX_MARKERS_PER_PARAGRAPH) for (const i of paragraph) lines[i] = lines[i]!.replace(/(?<!\\)[*_~]/g, '\\$&');
		paragraph = [];
	};
	lines.forEach((line, i) => {
		// code blocks are not parsed for emphasis and must keep every character
		if (FENCE.test(line)) {
			endParagraph();
			inFence = !inFence;
			return;
		}
		if (inFence) return;
		if (!line.trim() || PARAGRAPH_START.test(line)) endParagraph();
		if (DEEP_NESTING.test(line)) line = line.replace(/^([ \t]*\d{0,9})([>*+.)-])/, '$1\\$2');
		lines[i] = line.replace(LONG_RUN, (run) => run.replace(/[!#$%&'*+/=?_`{|}~.-]/g, '\\$&'));
		paragraph.push(i);
	});
	endParagraph();
	return lines.join('\n');
}

/** marked recurses once per nesting level; thousands of nested quotes or lists overflow the stack. Such
 *  input is not prose, so it is shown as the text it is rather than failing the page. */
function toHtml(source: string): string {
	try {
		return marked.parse(source, { async: false });
	} catch {
		return source.split(/\n{2,}/).map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`).join('\n');
	}
}

type Attribs = Record<string, string>;
const heading = (level: number) => () => ({ tagName: `h${Math.min(level + 1, 4)}`, attribs: {} });

const SANITIZE: IOptions = {
	// span (without attributes) is what an unsafe link or a foreign image becomes: see transformTags
	allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'em', 'strong', 'del', 'blockquote', 'code', 'pre', 'hr', 'a', 'img', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
	allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'loading'], ol: ['start'] },
	allowedClasses: {},
	allowedStyles: {},
	allowedSchemes: ['http', 'https', 'mailto', 'tel'],
	allowedSchemesByTag: { img: [] },
	allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
	allowProtocolRelative: false,
	allowVulnerableTags: false,
	// Tags whose content is code or markup, not text for the reader: dropped with their content.
	nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'noembed', 'noframes', 'template', 'title', 'xmp', 'plaintext', 'select'],
	disallowedTagsMode: 'discard',
	parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
	transformTags: {
		// Pages have their own h1: markdown "#" is the page's h2, and nothing goes deeper than h4.
		h1: heading(1),
		h2: heading(2),
		h3: heading(3),
		h4: heading(3),
		h5: heading(3),
		h6: heading(3),
		a: (_tag: string, attribs: Attribs) => {
			const href = safeHref(attribs.href);
			// An unsafe link keeps its text but stops being a link: a span here, dropped by the second pass (see
			// UNWRAP; renaming straight to a disallowed tag makes sanitize-html close the next tag with the wrong name).
			if (!href) return { tagName: 'span', attribs: {} };
			const kept: Attribs = { href, rel: 'nofollow noopener' };
			if (attribs.title) kept.title = attribs.title;
			return { tagName: 'a', attribs: kept };
		},
		img: (_tag: string, attribs: Attribs) => {
			if (!isOwnFileUrl(attribs.src)) return { tagName: 'span', attribs: {} };
			const kept: Attribs = { src: attribs.src!, alt: attribs.alt ?? '', loading: 'lazy' };
			if (attribs.title) kept.title = attribs.title;
			return { tagName: 'img', attribs: kept };
		},
		ol: (_tag: string, attribs: Attribs) => ({ tagName: 'ol', attribs: (/^\d{1,9}$/.test(attribs.start ?? '') ? { start: attribs.start! } : {}) as Attribs })
	}
};

/** The second pass: the same allowlist without span, so the spans of unsafe links and images leave only their text. */
const UNWRAP: IOptions = { ...SANITIZE, allowedTags: (SANITIZE.allowedTags as string[]).filter((t) => t !== 'span'), transformTags: {} };

const STRIP_ALL: IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: SANITIZE.nonTextTags, disallowedTagsMode: 'discard' };

/**
 * Markdown (as typed by villagers) → safe HTML for `{@html}`: marked, then sanitize-html with a strict allowlist.
 * Headings start at h2; links only to http(s), mailto, tel or paths on this site, with rel="nofollow noopener";
 * images only from our own /files/; no raw HTML except allowed tags without attributes. Input is cut at
 * MAX_MARKDOWN_LENGTH characters.
 */
export function renderMarkdown(markdown: string): string {
	const source = String(markdown ?? '').slice(0, MAX_MARKDOWN_LENGTH);
	if (!source.trim()) return '';
	return sanitizeHtml(sanitizeHtml(toHtml(defuse(source)), SANITIZE), UNWRAP).trim();
}

// The chat's subset: emphasis, strike-through, code, quotes, lists and links — what people write in a messenger.
// Headings become paragraphs; images, tables and rules are left out (their text stays).
const CHAT: IOptions = {
	...UNWRAP,
	allowedTags: ['p', 'br', 'ul', 'ol', 'li', 'em', 'strong', 'del', 'blockquote', 'code', 'pre', 'a'],
	transformTags: { h2: 'p', h3: 'p', h4: 'p' }
};

/**
 * Markdown of a chat message → safe HTML in the chat's subset (see CHAT): renderMarkdown's rules and sanitising,
 * then only the tags a messenger shows. No link previews: links are plain links.
 */
export function renderChatMarkdown(markdown: string): string {
	return plainLine(markdown) ?? renderChatMarkdownFully(markdown);
}

/** renderChatMarkdown without the shortcut for plain lines (the tests compare the two). */
export function renderChatMarkdownFully(markdown: string): string {
	const html = renderMarkdown(markdown);
	return html ? sanitizeHtml(html, CHAT).trim() : '';
}

// Most chat messages are one line of words. Such a line, without any character or start that markdown gives a
// meaning (emphasis, code, links, HTML, entities, lists, headings, quotes, e-mail and web addresses), renders as
// itself in one paragraph: that shortcut skips the parser and both sanitising passes. markdown.test.ts compares
// it with the full path on thousands of lines.
// eslint-disable-next-line no-control-regex -- control characters are exactly what the shortcut must leave to the full path
const MARKUP_CHARS = /[\\`*_~[\]<>&|\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BLOCK_START = /^(?:#|>|[-+=]|\d{1,9}[.)](?:\s|$))/;
const LONG_WORD = /[^\s()[\]<>:]{300,}/;
const ADDRESS = /[\p{L}\p{N}._%+-]@|:\/\/|www\./iu;
export function plainLine(markdown: string): string | null {
	const text = String(markdown ?? '');
	// (leading blanks can make a code block; the chat's bodies come trimmed anyway)
	if (!text || text !== text.trim() || text.length > 1000 || MARKUP_CHARS.test(text) || BLOCK_START.test(text) || ADDRESS.test(text) || LONG_WORD.test(text)) return null;
	return `<p>${text}</p>`;
}

/**
 * Markdown → one line of plain text for summaries (feeds, notifications, previews): no markup, links become
 * their text, images are left out. Cut at a word boundary with "…" when longer than maxLength. The result is
 * text, not HTML: escape it where it goes into HTML (Svelte does).
 */
export function plainText(markdown: string, maxLength?: number): string {
	const html = renderMarkdown(markdown).replace(/<\/(?:p|h[2-4]|li|blockquote|pre|tr|th|td)>|<br\s*\/?>|<hr\s*\/?>/g, ' ');
	const text = sanitizeHtml(html, STRIP_ALL)
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
	return maxLength !== undefined ? truncate(text, maxLength) : text;
}

function truncate(text: string, maxLength: number): string {
	const max = Math.max(1, Math.floor(maxLength));
	const chars = Array.from(text);
	if (chars.length <= max) return text;
	const cut = chars.slice(0, max - 1).join('');
	const atWord = cut.replace(/\s+\S*$/, '');
	return `${(atWord.length >= cut.length * 0.6 ? atWord : cut).trimEnd()}…`;
}
