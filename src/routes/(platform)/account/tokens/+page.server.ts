import type { Actions, PageServerLoad } from './$types';
import { createApiToken, createTokenSchema, listApiTokens, listTokenPlaces, revokeApiToken, revokeTokenSchema } from '$lib/server/auth/apiTokens';
import { handleForm, requireUser } from '$lib/server/http/forms';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals.rt;
	const [places, tokens] = await Promise.all([listTokenPlaces(db, user.id), listApiTokens(db, user.id)]);
	return { places, tokens, now: Date.now() };
};

export const actions: Actions = {
	create: (event) =>
		handleForm(event, createTokenSchema, async (input) => {
			const user = requireUser(event);
			const token = await createApiToken(event.locals.rt.db, { userId: user.id, input, ip: event.getClientAddress() });
			// The only time the secret leaves the server: in this one response (never cached, see hooks.server.ts).
			return { created: { name: token.name, secret: token.secret } };
		}),
	revoke: (event) =>
		handleForm(event, revokeTokenSchema, async (input) => {
			const user = requireUser(event);
			await revokeApiToken(event.locals.rt.db, { userId: user.id, tokenId: input.tokenId, ip: event.getClientAddress() });
			return { revoked: true };
		})
};
