import type Sharp from 'sharp';

let loaded: Promise<typeof Sharp> | undefined;

/**
 * sharp, loaded on first use: libvips takes ~30 MB of a process's memory, and most processes — and most hours of
 * a server — never decode or draw an image (idle memory, issue "Fast pages").
 */
export function loadSharp(): Promise<typeof Sharp> {
	loaded ??= import('sharp').then((m) => m.default);
	return loaded;
}
