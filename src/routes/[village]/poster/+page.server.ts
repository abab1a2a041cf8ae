import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { appAddress } from '$lib/server/builder/appAddress';
import { iconUrl } from '$lib/server/builder/appIcons';
import { graphemes } from '$lib/server/builder/appNames';
import { qrDrawing } from '$lib/server/builder/posterQr';
import { themeTokens } from '$lib/ui/theme';
import * as m from '$lib/paraglide/messages.js';

// The A4 poster for the notice board: the app's address as a QR code drawn here, on the server. The page is
// outside the app shell (+page@.svelte), so nothing but the sheet is printed; its data comes from here alone.
export const load: PageServerLoad = ({ locals }) => {
	const village = locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	const address = appAddress(village, locals.rt.config.origin);
	return {
		village: { slug: village.slug, name: village.name, logoUrl: village.logoUrl },
		// the icon in the browser tab (the root layout leaves it to pages that name one)
		appHead: { icon: iconUrl(village, 'icon-192') },
		picture: village.logoUrl ? { src: village.logoUrl, isLogo: true } : { src: iconUrl(village, 'icon-512'), isLogo: false },
		// paper is white: the light scheme's colours, in the screen's dark mode too
		colours: themeTokens(village.colorPrimary, village.colorAccent).light,
		address,
		// long names and addresses get smaller letters on the sheet (counted here: not every browser can)
		lengths: { name: graphemes(village.name).length, address: graphemes(address.text).length },
		qr: qrDrawing(address.url)
	};
};
