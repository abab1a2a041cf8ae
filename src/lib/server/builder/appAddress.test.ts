import { describe, expect, it } from 'vitest';
import { appAddress } from './appAddress.ts';

const ORIGIN = 'https://allmende.kreis-soest.de';

describe('the address of a village app', () => {
	it('is /<slug>/ on the platform when the village has no host name of its own', () => {
		expect(appAddress({ slug: 'koerbecke', host: null }, ORIGIN)).toEqual({ url: 'https://allmende.kreis-soest.de/koerbecke/', text: 'allmende.kreis-soest.de/koerbecke' });
	});

	it('is the root of the village’s own host name when it has one, never the platform path', () => {
		const address = appAddress({ slug: 'koerbecke', host: 'koerbecke.de' }, ORIGIN);
		expect(address).toEqual({ url: 'https://koerbecke.de/', text: 'koerbecke.de' });
		expect(address.url).not.toContain('koerbecke/');
	});

	it('reads an old host name in capitals as the same name', () => {
		expect(appAddress({ slug: 'koerbecke', host: 'Koerbecke.DE' }, ORIGIN).url).toBe('https://koerbecke.de/');
	});

	it('keeps the platform’s scheme and port, since the same server answers on both names', () => {
		expect(appAddress({ slug: 'koerbecke', host: null }, 'http://localhost:3320').url).toBe('http://localhost:3320/koerbecke/');
		expect(appAddress({ slug: 'koerbecke', host: 'koerbecke.de' }, 'http://localhost:3320')).toEqual({ url: 'http://koerbecke.de:3320/', text: 'http://koerbecke.de:3320' });
	});

	it('ignores a path, query or fragment in ORIGIN', () => {
		expect(appAddress({ slug: 'koerbecke', host: null }, 'https://allmende.kreis-soest.de/x?y=1#z').url).toBe('https://allmende.kreis-soest.de/koerbecke/');
	});

	it('encodes an umlaut host name for the QR code and shows it readable in the text', () => {
		expect(appAddress({ slug: 'doerfchen', host: 'xn--drfchen-90a.de' }, ORIGIN)).toEqual({ url: 'https://xn--drfchen-90a.de/', text: 'dörfchen.de' });
	});

	it('falls back to the platform path for a stored host name that is no host name (not to the platform’s root)', () => {
		for (const host of ['xn--krbecke-n4a.example', 'a b.de', 'dorf.de/x', 'dorf.de:8080', '']) {
			expect(appAddress({ slug: 'koerbecke', host }, ORIGIN).url, host).toBe('https://allmende.kreis-soest.de/koerbecke/');
		}
	});
});
