import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escapeHtml.ts';

describe('escapeHtml', () => {
	it('turns every character that could start markup or end a quoted value into an entity', () => {
		expect(escapeHtml(`<script>alert("x")</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		expect(escapeHtml(`' onload='x`)).toBe('&#39; onload=&#39;x');
		expect(escapeHtml('Fish & Chips')).toBe('Fish &amp; Chips');
	});
	it('escapes an ampersand once, so an entity in the text stays text', () => {
		expect(escapeHtml('&amp;')).toBe('&amp;amp;');
	});
	it('keeps everything else, umlauts and numbers included', () => {
		expect(escapeHtml('Dorfläden in Körbecke – 12 %')).toBe('Dorfläden in Körbecke – 12 %');
		expect(escapeHtml(1.5)).toBe('1.5');
		expect(escapeHtml('')).toBe('');
	});
});
