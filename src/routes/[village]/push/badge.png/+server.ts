import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import sharp from 'sharp';
import * as m from '$lib/paraglide/messages.js';

// /<village>/push/badge.png: the small picture Android shows in the status bar for a notification of the app
// (appWorker/push.ts). Android uses only its transparency, so it is a white bell on nothing, the same for every
// village; drawn once per process (the same bytes everywhere, so nothing another instance must know).
const SIZE = 96;
const BELL = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" fill="#fff"/></svg>`;
let drawn: Promise<Buffer> | undefined;

export const GET: RequestHandler = async ({ locals }) => {
	const village = locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	drawn ??= sharp(Buffer.from(BELL)).png({ compressionLevel: 9 }).toBuffer();
	const png = await drawn;
	return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png', 'content-length': String(png.length), 'cache-control': 'public, max-age=604800' } });
};
