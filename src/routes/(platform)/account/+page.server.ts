import type { Actions, PageServerLoad } from './$types';
import { publishAccessChange } from '$lib/server/realtime/access';
import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { changePassword, updateProfile } from '$lib/server/auth/accounts';
import { deleteAccount } from '$lib/server/auth/gdpr';
import { logOut } from '$lib/server/auth/loginFlow';
import { changePasswordSchema, deleteAccountSchema, profileSchema } from '$lib/server/auth/schemas';
import { deviceName } from '$lib/server/auth/deviceName';
import { deleteUserSessions, listUserSessions } from '$lib/server/auth/sessions';
import { setLocaleCookie } from '$lib/server/http/locale';
import { failure, handleForm, requireUser } from '$lib/server/http/forms';
import { listUserMemberships } from '$lib/server/tenancy/memberships';
import { removeUserSubscription, userSubscriptions } from '$lib/server/push/subscriptions';
import { pushTopicName } from '$lib/server/push/topics';
import * as m from '$lib/paraglide/messages.js';

/** What the page says it saved after the redirect (PRG): only these words, nothing else from the address. */
const SAVED = ['profile', 'password', 'device'] as const;

/** "Entfernen" of a device that gets push messages: the subscription's id. */
const removeDeviceSchema = z.object({ id: z.string().min(1).max(64) });

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = event.locals.rt;
	const [sessions, memberships, devices] = await Promise.all([listUserSessions(db, user.id), listUserMemberships(db, user.id), userSubscriptions(db, user.id)]);
	const saved = SAVED.find((s) => s === event.url.searchParams.get('saved')) ?? null;
	return {
		saved,
		profile: { displayName: user.displayName, email: user.email, locale: user.locale },
		// the current device first, then the others by their last use
		sessions: sessions
			.map((s) => ({ current: s.id === event.locals.sessionId, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, device: deviceName(s.userAgent) }))
			.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt),
		memberships: memberships.map((ms) => ({ name: ms.name, slug: ms.slug, kind: ms.kind, role: ms.role })),
		// the devices that get a village's push messages, subscribed while signed in (never their endpoint or keys)
		pushDevices: devices.map((d) => ({ id: d.id, village: d.villageName, villageSlug: d.villageSlug, device: deviceName(d.device), topics: d.topics.map((t) => pushTopicName(t, event.locals.locale)), createdAt: d.createdAt }))
	};
};

export const actions: Actions = {
	profile: (event) =>
		handleForm(event, profileSchema, async (input) => {
			const user = requireUser(event);
			await updateProfile(event.locals.rt.db, { userId: user.id, ...input });
			setLocaleCookie(event.cookies, input.locale, event.locals.rt.config.secureCookies);
			// a new request: the page and the header show the new name, in the new language (and reload does not post again)
			redirect(303, '/account?saved=profile');
		}),
	password: (event) =>
		handleForm(event, changePasswordSchema, async (input) => {
			const user = requireUser(event);
			const ok = await changePassword(event.locals.rt.db, { userId: user.id, ...input, keepSessionId: event.locals.sessionId! });
			if (!ok) return failure(400, { currentPassword: `${m.field_currentPassword()}: ${m.err_wrong_password()}` }, { formId: 'password' });
			redirect(303, '/account?saved=password');
		}),
	/** Ends push messages to one of the person's devices; another person's (or a gone) subscription: 404. */
	removeDevice: (event) =>
		handleForm(event, removeDeviceSchema, async (input) => {
			const user = requireUser(event);
			if (!(await removeUserSubscription(event.locals.rt.db, user.id, input.id))) error(404, m.err_not_found());
			redirect(303, '/account?saved=device');
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
