import type { Actions, PageServerLoad } from './$types';
import { publishAccessChange } from '$lib/server/realtime/access';
import { redirect } from '@sveltejs/kit';
import { changePassword, updateProfile } from '$lib/server/auth/accounts';
import { deleteAccount } from '$lib/server/auth/gdpr';
import { logOut } from '$lib/server/auth/loginFlow';
import { changePasswordSchema, deleteAccountSchema, profileSchema } from '$lib/server/auth/schemas';
import { deleteUserSessions, listUserSessions } from '$lib/server/auth/sessions';
import { setLocaleCookie } from '$lib/server/http/locale';
import { failure, handleForm, requireUser } from '$lib/server/http/forms';
import { listUserMemberships } from '$lib/server/tenancy/memberships';
import * as m from '$lib/paraglide/messages.js';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals.rt;
	const [sessions, memberships] = await Promise.all([listUserSessions(db, user.id), listUserMemberships(db, user.id)]);
	return {
		profile: { displayName: user.displayName, email: user.email, locale: user.locale },
		sessions: sessions.map((s) => ({ current: s.id === event.locals.sessionId, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, userAgent: s.userAgent })),
		memberships: memberships.map((ms) => ({ name: ms.name, slug: ms.slug, kind: ms.kind, role: ms.role }))
	};
};

export const actions: Actions = {
	profile: (event) =>
		handleForm(event, profileSchema, async (input) => {
			const user = requireUser(event);
			await updateProfile(event.locals.rt.db, { userId: user.id, ...input });
			setLocaleCookie(event.cookies, input.locale, event.locals.rt.config.secureCookies);
			return { saved: 'profile' };
		}),
	password: (event) =>
		handleForm(event, changePasswordSchema, async (input) => {
			const user = requireUser(event);
			const ok = await changePassword(event.locals.rt.db, { userId: user.id, ...input, keepSessionId: event.locals.sessionId! });
			if (!ok) return failure(400, { currentPassword: `${m.field_currentPassword()}: ${m.err_wrong_password()}` }, { formId: 'password' });
			return { saved: 'password' };
		}),
	logoutEverywhere: async (event) => {
		const user = requireUser(event);
		await deleteUserSessions(event.locals.rt.db, user.id);
		await publishAccessChange(event.locals.rt.hub, { userId: user.id }).catch(() => {});
		await logOut({ rt: event.locals.rt, cookies: event.cookies });
		redirect(303, '/login');
	},
	delete: (event) =>
		handleForm(event, deleteAccountSchema, async (input) => {
			const user = requireUser(event);
			const result = await deleteAccount(event.locals.rt.db, { userId: user.id, currentPassword: input.currentPassword });
			if (!result.ok) {
				const errors: Record<string, string> = result.reason === 'password' ? { currentPassword: `${m.field_currentPassword()}: ${m.err_wrong_password()}` } : { _form: m.err_last_county_admin() };
				return failure(400, errors, { formId: 'delete' });
			}
			// the sessions went with the account; the cookie goes too
			await logOut({ rt: event.locals.rt, cookies: event.cookies });
			redirect(303, '/?deleted=1');
		})
};
