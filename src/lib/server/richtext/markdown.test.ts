import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_LENGTH, plainLine, plainText, renderMarkdown, renderChatMarkdown, renderChatMarkdownFully, safeHref } from './markdown.ts';

// What may appear in rendered HTML at all. Every output of every test goes through this check, so a payload
// that slips through in a way nobody thought of still fails.
const ALLOWED: Record<string, string[]> = {
	p: [], br: [], h2: [], h3: [], h4: [], ul: [], ol: ['start'], li: [], em: [], strong: [], del: [], blockquote: [],
	code: [], pre: [], hr: [], a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'loading'],
	table: [], thead: [], tbody: [], tr: [], th: [], td: []
};

function expectOnlyAllowed(html: string) {
	const tag = /<(\/?)([a-zA-Z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/g;
	for (const match of html.matchAll(tag)) {
		const [, closing, name, attrText] = match;
		expect(ALLOWED, `tag <${name}> in ${html}`).toHaveProperty(name!);
		if (closing) continue;
		for (const [, attr, value] of attrText!.matchAll(/\s([a-z-]+)="([^"]*)"/g)) {
			expect(ALLOWED[name!], `attribute ${attr} on <${name}> in ${html}`).toContain(attr);
			if (attr === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:|tel:|\/(?![/\\]))/i);
			if (attr === 'src') expect(value).toMatch(/^\/files\/[A-Za-z0-9-]+(\/[a-z0-9.-]+)?$/);
			if (name === 'a' && attr === 'rel') expect(value).toBe('nofollow noopener');
		}
	}
	// Whatever is not an allowed tag is text, so no "<" may be left once the tags are gone.
	expect(html.replace(tag, '')).not.toContain('<');
	// Inside tags (text in title and alt aside, which is quoted and escaped) nothing executable is left.
	const tags = [...html.matchAll(tag)].map((t) => t[0].replace(/\s(title|alt)="[^"]*"/g, '')).join('');
	expect(tags).not.toMatch(/javascript:|vbscript:|data:|file:|\son[a-z]+=|style=|class=|srcset|formaction/i);
}

const render = (md: string) => {
	const html = renderMarkdown(md);
	expectOnlyAllowed(html);
	return html;
};

// [name, markdown, what must survive]. Each payload must come out without its dangerous part and with its text.
const XSS: [string, string, string][] = [
	['markdown link to javascript:', '[Klick](javascript:alert(1))', 'Klick'],
	['mixed-case javascript:', '[Klick](JaVaScRiPt:alert(1))', 'Klick'],
	['entity-encoded javascript: (decimal)', '[Klick](&#106;avascript:alert(1))', 'Klick'],
	['entity-encoded javascript: (hex)', '[Klick](&#x6A;avascript&#x3A;alert(1))', 'Klick'],
	['entity-encoded colon', '[Klick](javascript&colon;alert(1))', 'Klick'],
	['tab inside the scheme (raw HTML)', '<a href="java\tscript:alert(1)">Klick</a>', 'Klick'],
	['newline inside the scheme (raw HTML)', '<a href="java\nscript:alert(1)">Klick</a>', 'Klick'],
	['entity tab inside the scheme', '<a href="java&#9;script:alert(1)">Klick</a>', 'Klick'],
	['leading space and control character', '<a href=" &#1;javascript:alert(1)">Klick</a>', 'Klick'],
	['data: URL link', '[Klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'Klick'],
	['vbscript: URL', '[Klick](vbscript:msgbox(1))', 'Klick'],
	['file: URL', '[Klick](file:///etc/passwd)', 'Klick'],
	['protocol-relative link', '[Klick](//evil.example/x)', 'Klick'],
	['backslash protocol-relative link', '<a href="/\\evil.example">Klick</a>', 'Klick'],
	['scheme without slashes', '<a href="https:evil.example">Klick</a>', 'Klick'],
	['reference-style link to javascript:', '[Klick][boese]\n\n[boese]: javascript:alert(1)', 'Klick'],
	['autolink with javascript:', 'Vorher <javascript:alert(1)> nachher', 'Vorher'],
	['script tag', 'Hallo <script>alert(1)</script> Welt', 'Hallo'],
	['script tag as HTML block', '<script>\nalert(1)\n</script>\n\nHallo Welt', 'Hallo Welt'],
	['img with onerror', 'Bild <img src=x onerror=alert(1)> Ende', 'Bild'],
	['img with onerror on our own path', 'Bild <img src="/files/abc" onerror="alert(1)"> Ende', 'Bild'],
	['svg with onload', '<svg onload=alert(1)><circle r="5"/></svg> Kreis', 'Kreis'],
	['svg with script', '<svg><script>alert(1)</script><text>Text</text></svg>', 'Text'],
	['iframe', 'Vorher <iframe src="https://evil.example"></iframe> nachher', 'Vorher'],
	['raw anchor with javascript:', '<a href="javascript:alert(1)">Klick</a>', 'Klick'],
	['style tag', '<style>body{display:none}</style>Sichtbar', 'Sichtbar'],
	['style attribute', '<p style="position:fixed;top:0">Absatz</p>', 'Absatz'],
	['class and id attributes', '<p class="admin" id="x">Absatz</p>', 'Absatz'],
	['HTML comment', 'Vorher <!-- <script>alert(1)</script> --> nachher', 'nachher'],
	['conditional comment', '<!--[if IE]><script>alert(1)</script><![endif]-->Text', 'Text'],
	['math with xlink', '<math><mi xlink:href="javascript:alert(1)">Formel</mi></math>', 'Formel'],
	['markdown image from a foreign host', '![Ortsschild](https://evil.example/track.png)', 'Ortsschild'],
	['markdown image with javascript:', '![Bild](javascript:alert(1))', 'Bild'],
	['markdown image with data:', '![Bild](data:image/svg+xml;base64,PHN2Zz4=)', 'Bild'],
	['protocol-relative image', '![Bild](//evil.example/x.png)', 'Bild'],
	['image path traversal out of /files', '![Bild](/files/../admin)', 'Bild'],
	['nested and unclosed tags', '<div><p><b>Fett<i>kursiv</p><script>alert(1)', 'Fett'],
	['tag split across attributes', '<a href="x" <script>alert(1)</script>>Text</a>', 'Text'],
	['attribute breaking quotes', '<a title="x" onmouseover="alert(1)" href="https://ok.example">Text</a>', 'Text'],
	['quote breaking inside markdown title', '[Text](https://ok.example "a\\" onmouseover=\\"alert(1)")', 'Text'],
	['quote breaking in image alt', '![a" onerror="alert(1)](/files/abc)', 'a'],
	['form with input and button', '<form action="https://evil.example"><input name="pw"><button formaction="javascript:alert(1)">Senden</button></form>', 'Senden'],
	['base href', '<base href="https://evil.example/">Text', 'Text'],
	['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">Text', 'Text'],
	['object and embed', '<object data="x.swf"></object><embed src="x.swf">Text', 'Text'],
	['srcset on an image', '<img src="/files/abc" srcset="https://evil.example/x.png 2x" alt="Bild">', ''],
	['link tag (stylesheet)', '<link rel="stylesheet" href="https://evil.example/x.css">Text', 'Text'],
	['textarea swallowing the page', '<textarea>Text', ''],
	['noscript trick', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">Text</p></noscript>', ''],
	['template', '<template><script>alert(1)</script></template>Text', 'Text'],
	['details with ontoggle', '<details open ontoggle="alert(1)"><summary>Mehr</summary></details>', 'Mehr'],
	['video with onerror', '<video><source onerror="alert(1)"></video>Text', 'Text'],
	['entity-encoded script tag stays text', '&lt;script&gt;alert(1)&lt;/script&gt;', 'alert(1)'],
	['javascript in code span stays text', '`<script>alert(1)</script>`', 'alert(1)']
];

describe('renderMarkdown: hostile input', () => {
	it('has a real corpus', () => expect(XSS.length).toBeGreaterThanOrEqual(40));

	it('keeps the tags after an unsafe link or image balanced (it once closed <strong> with </span>)', () => {
		expect(render('[x](javascript:alert(1)) **fett** und <a href="javascript:x">y</a> *kursiv*')).toBe('<p>x <strong>fett</strong> und y <em>kursiv</em></p>');
		expect(render('![Bild](https://evil.example/a.png) **fett** <span class="x">Text</span> ## nicht')).toBe('<p>Bild <strong>fett</strong> Text ## nicht</p>');
		expect(render('# Titel\n\n<h2>Zwei</h2>')).toBe('<h2>Titel</h2>\n<h3>Zwei</h3>');
	});

	it.each(XSS)('%s', (_name, markdown, kept) => {
		const html = render(markdown);
		expect(html).not.toMatch(/<(script|iframe|svg|math|style|form|input|button|base|meta|object|embed|link|textarea|template|video|details|span|div)\b/i);
		expect(html.replace(/\s(title|alt)="[^"]*"/g, '')).not.toMatch(/<[^>]*(javascript|onerror|onload|onmouseover|ontoggle)/i);
		expect(html).toContain(kept);
	});

	it('keeps the literal text of escaped markup as text', () => {
		expect(render('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
		expect(render('`<b>code</b>`')).toBe('<p><code>&lt;b&gt;code&lt;/b&gt;</code></p>');
	});

	it('drops foreign images entirely, keeping their alt text as text', () => {
		expect(render('![Ortsschild](https://evil.example/track.png)')).toBe('<p>Ortsschild</p>');
		expect(render('<img src="https://evil.example/x.png" alt="Bild">Text')).toBe('<p>Text</p>');
	});

	it('cuts input beyond the length cap instead of failing', () => {
		const html = render('a'.repeat(MAX_MARKDOWN_LENGTH) + 'ÜBERLANG');
		expect(html).not.toContain('ÜBERLANG');
		expect(html.length).toBeGreaterThanOrEqual(MAX_MARKDOWN_LENGTH);
	});

	// Unguarded, marked needs 28 s for "_a" × 50,000 and overflows its stack on deep nesting.
	const SLOW = { underscores: '_a', asterisks: '*a', strong: '**a', tildes: '~a', bangs: '!a', mailish: "a!#$%&'*+/=?_`{|}~-", words: `${'_a'.repeat(149)} `, lines: `${'_a'.repeat(149)}\n`, quoted: `> ${'_a'.repeat(40)}\n`, brackets: '[', links: '[a](', images: '![](/', angles: '<', nestedQuotes: '> ', nestedLists: '1. ', url: `https://x.de/${'_a'.repeat(100)}` };
	it.each(Object.entries(SLOW))('renders 100,000 characters of %s quickly', (_name, unit) => {
		const started = Date.now();
		render(unit.repeat(Math.floor(MAX_MARKDOWN_LENGTH / unit.length)));
		expect(Date.now() - started).toBeLessThan(3_000);
	});

	it('leaves real text alone while defusing', () => {
		const longUrl = `https://www.example.org/maps/place/Soest/data=!3m1!4b1${'x'.repeat(150)}_y`;
		expect(render(`**fett** _kursiv_ [Karte](${longUrl}) ${longUrl}`)).toBe(`<p><strong>fett</strong> <em>kursiv</em> <a href="${longUrl}" rel="nofollow noopener">Karte</a> <a href="${longUrl}" rel="nofollow noopener">${longUrl}</a></p>`);
		expect(render(`\`\`\`\n${'*'.repeat(400)}\n\`\`\``)).toBe(`<pre><code>${'*'.repeat(400)}\n</code></pre>`);
		expect(render('- **a** _b_\n'.repeat(300))).toContain('<li><strong>a</strong> <em>b</em></li>');
		expect(render('> > > drei Ebenen')).toBe('<blockquote>\n<blockquote>\n<blockquote>\n<p>drei Ebenen</p>\n</blockquote>\n</blockquote>\n</blockquote>');
	});

	it('renders empty and non-text input as nothing', () => {
		expect(renderMarkdown('')).toBe('');
		expect(renderMarkdown('   \n ')).toBe('');
		expect(renderMarkdown(undefined as unknown as string)).toBe('');
	});
});

describe('renderMarkdown: what villagers write', () => {
	it('shifts headings so that "#" is an h2 and nothing is deeper than h4', () => {
		expect(render('# Eins\n\n## Zwei\n\n### Drei\n\n#### Vier\n\n###### Sechs')).toBe('<h2>Eins</h2>\n<h3>Zwei</h3>\n<h4>Drei</h4>\n<h4>Vier</h4>\n<h4>Sechs</h4>');
		expect(render('<h1 id="x">Roh</h1>')).toBe('<h2>Roh</h2>');
	});

	it('renders paragraphs, line breaks, emphasis, lists, quotes, code and rules', () => {
		expect(render('Erste Zeile\nzweite Zeile\n\n*kursiv* und **fett** und ~~weg~~')).toBe('<p>Erste Zeile<br />zweite Zeile</p>\n<p><em>kursiv</em> und <strong>fett</strong> und <del>weg</del></p>');
		expect(render('- Brot\n- Butter')).toBe('<ul>\n<li>Brot</li>\n<li>Butter</li>\n</ul>');
		expect(render('3. drei\n4. vier')).toBe('<ol start="3">\n<li>drei</li>\n<li>vier</li>\n</ol>');
		expect(render('> Zitat')).toBe('<blockquote>\n<p>Zitat</p>\n</blockquote>');
		expect(render('```js\nlet a = 1 < 2;\n```')).toBe('<pre><code>let a = 1 &lt; 2;\n</code></pre>');
		expect(render('oben\n\n---\n\nunten')).toBe('<p>oben</p>\n<hr />\n<p>unten</p>');
	});

	it('makes web, mail, phone and site links with rel="nofollow noopener"', () => {
		expect(render('[Kreis](https://www.kreis-soest.de/)')).toBe('<p><a href="https://www.kreis-soest.de/" rel="nofollow noopener">Kreis</a></p>');
		expect(render('[Schreiben](mailto:dorf@example.org)')).toBe('<p><a href="mailto:dorf@example.org" rel="nofollow noopener">Schreiben</a></p>');
		expect(render('[Anrufen](tel:+49292130)')).toBe('<p><a href="tel:+49292130" rel="nofollow noopener">Anrufen</a></p>');
		expect(render('[Termine](/koerbecke/calendar "Alle Termine")')).toBe('<p><a href="/koerbecke/calendar" rel="nofollow noopener" title="Alle Termine">Termine</a></p>');
		expect(render('Siehe https://example.org')).toBe('<p>Siehe <a href="https://example.org" rel="nofollow noopener">https://example.org</a></p>');
		expect(render('<a href="https://example.org" target="_blank" rel="opener">roh</a>')).toBe('<p><a href="https://example.org" rel="nofollow noopener">roh</a></p>');
	});

	it('embeds our own stored images with their alt text', () => {
		expect(render('![Dorfplatz im Mai](/files/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b)')).toBe('<p><img src="/files/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" alt="Dorfplatz im Mai" loading="lazy" /></p>');
		expect(render('![Vorschau](/files/abc/thumb.webp)')).toContain('src="/files/abc/thumb.webp"');
	});

	it('keeps simple tables', () => {
		expect(render('| Tag | Zeit |\n|---|:-:|\n| Mo | 9 |')).toContain('<td>Mo</td>');
	});

	it('checks link targets on its own, too', () => {
		expect(safeHref(' https://example.org ')).toBe('https://example.org');
		expect(safeHref('/dorf')).toBe('/dorf');
		for (const bad of ['//x', '/\\x', 'javascript:x', 'java\tscript:x', 'https:x', '#top', 'relative/path', '', undefined]) expect(safeHref(bad)).toBeNull();
	});
});

describe('plainText', () => {
	it('gives one line of text without markup, links as their text, no images', () => {
		expect(plainText('# Fest\n\nAm **Samstag** im [Dorfhaus](https://example.org).\n\n![Bild](/files/abc)\n\n- Kuchen\n- Musik')).toBe('Fest Am Samstag im Dorfhaus. Kuchen Musik');
	});

	it('never carries markup or scripts, and decodes entities to characters', () => {
		expect(plainText('<script>alert(1)</script>Hallo <b>Welt</b> & AT&amp;T "zitiert" 1 < 2')).toBe('Hallo Welt & AT&T "zitiert" 1 < 2');
	});

	it('cuts at a word boundary with an ellipsis', () => {
		expect(plainText('Ein langer Text mit vielen Wörtern', 20)).toBe('Ein langer Text…');
		expect(plainText('Kurz', 20)).toBe('Kurz');
		expect(Array.from(plainText('Überlänge'.repeat(10), 10))).toHaveLength(10);
	});
});

describe('renderChatMarkdown: the chat’s subset', () => {
	it('keeps what people write in a messenger and drops headings, images, tables and rules (keeping their text)', () => {
		expect(renderChatMarkdown('**fett**, _kursiv_, ~~weg~~, `code` und [Link](https://example.org)')).toBe(
			'<p><strong>fett</strong>, <em>kursiv</em>, <del>weg</del>, <code>code</code> und <a href="https://example.org" rel="nofollow noopener">Link</a></p>'
		);
		expect(renderChatMarkdown('# Laut\n\nleise')).toBe('<p>Laut</p>\n<p>leise</p>');
		expect(renderChatMarkdown('![Bild](/files/abc)')).not.toMatch(/<img/);
		expect(renderChatMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).not.toMatch(/<table|<td/);
		expect(renderChatMarkdown('---')).not.toMatch(/<hr/);
		expect(renderChatMarkdown('- eins\n- zwei\n\n> Zitat')).toBe('<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n<blockquote>\n<p>Zitat</p>\n</blockquote>');
	});

	it('stays as safe as renderMarkdown on hostile input', () => {
		for (const body of ['<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '<script>alert(1)</script>', '"><svg onload=alert(1)>', '<iframe src="https://example.org">']) {
			expect(renderChatMarkdown(body)).not.toMatch(/<script|<img|<svg|<iframe|onerror|onload|javascript:/i);
		}
		expect(renderChatMarkdown('   ')).toBe('');
	});
});

describe('renderChatMarkdown: the shortcut for one plain line', () => {
	// a seeded generator, so that a failure can be repeated
	let seed = 20261130;
	const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const ALPHABET = [...'abcdefghijklmnopqrstuvwxyzÄÖÜäöüßABC0123456789     .,;:!?\'"()/-+=%€$§°@#>…–—😀👍🏼\t', 'www.', 'http', '1.', '- ', ' @Anna', 'a@b.de', 'Mai', 'x:y', '::', '--', '!!'];
	const line = () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');

	it('renders a line exactly as the full path does, whenever it takes the line', () => {
		let taken = 0;
		for (let i = 0; i < 5000; i++) {
			const text = line();
			const fast = plainLine(text);
			if (fast === null) continue;
			taken++;
			const full = renderChatMarkdownFully(text);
			expect(fast, JSON.stringify(text)).toBe(full);
		}
		// the shortcut must actually be taken for ordinary lines
		expect(taken).toBeGreaterThan(1000);
		for (const text of ['Moin zusammen!', 'Kommst du um 19 Uhr? Ich bring Kuchen mit.', 'Danke, @Bernd Beispiel 👍', 'Er sagte "ja" – passt (wohl)', 'Preis: 5 € VB']) expect(plainLine(text)).toBe(renderChatMarkdownFully(text));
	});

	it('leaves everything with a meaning in markdown to the full path', () => {
		for (const text of ['**fett**', '_kursiv_', '`code`', '[x](y)', '<b>', 'a & b', '# Titel', '> Zitat', '- Punkt', '1. Mai ist frei', 'a@b.de', 'https://example.org', 'www.example.org', 'zwei\nZeilen', 'x'.repeat(300), 'a | b']) expect(plainLine(text)).toBeNull();
	});
});
