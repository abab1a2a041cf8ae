import type { Actions, PageServerLoad } from './$types';
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { getModule } from '$lib/modules/registry';
import { failure } from '$lib/server/http/forms';
import { formToObject, parseInput, readFormData } from '$lib/server/http/validate';
import { pushMessageInput } from '$lib/server/push/messages';
import { sendEditorMessage } from '$lib/server/push/routes';
import { pushTopicName, villageTopics } from '$lib/server/push/topics';
import { guardVillage } from '$lib/server/tenancy/guards';
import { historyPage, sentMessage, subscriberCounts } from './pushPage';

/** ?before= of the history: a time in epoch ms (messages older than it). */
const BEFORE = /^\d{1,15}$/;

// Push-Nachrichten: the village's editors (and admins) send an urgent message to the devices subscribed to one
// topic, follow its delivery (?message=<id>, live with JavaScript, on reload without) and read what was sent.
export const load: PageServerLoad = async (event) => {
	const village = await guardVillage(event, 'tenant.sendPush');
	const { db } = event.locals.rt;
	const locale = event.locals.locale;
	const rawBefore = event.url.searchParams.get('before');
	if (rawBefore !== null && !BEFORE.test(rawBefore)) error(400, m.err_bad_form());
	const messageId = event.url.searchParams.get('message');
	const [topics, counts, history, message] = await Promise.all([
		villageTopics(db, village.id),
		subscriberCounts(db, village.id),
		historyPage(db, village.id, rawBefore === null ? undefined : Number(rawBefore)),
		messageId ? sentMessage(db, village.id, messageId) : undefined
	]);
	const topicName = (id: string | undefined) => (id === undefined ? '' : pushTopicName(id, locale));
	return {
		topics: topics.map((t) => ({ id: t.id, name: t.name[locale], devices: counts[t.id] ?? 0 })),
		message: message ? { ...message, topic: topicName(message.topics[0]) } : null,
		history: history.entries.map((e) => ({
			id: e.id,
			title: e.title,
			url: e.url,
			urgency: e.urgency,
			topic: topicName(e.topics[0]),
			// an editor by name; a module's message by the module's name ("Dorf-News")
			who: e.moduleId ? (getModule(e.moduleId)?.name[locale] ?? e.moduleId) : (e.createdBy ?? m.audit_a_deleted_account()),
			createdAt: e.createdAt,
			figures: { total: e.total, sent: e.sent, failed: e.failed, gone: e.gone, pending: e.pending, state: e.state }
		})),
		older: history.older,
		paged: rawBefore !== null
	};
};

export const actions: Actions = {
	/** "Eilmeldung senden": on success to the message's progress (Post/Redirect/Get), else the errors by field. */
	send: async (event) => {
		const village = await guardVillage(event, 'tenant.sendPush');
		const form = await readFormData(event.request);
		if (!form) return failure(400, { _form: m.err_bad_form() });
		const values = formToObject(form);
		const parsed = parseInput(pushMessageInput, values, { labels: { url: m.push_field_url(), body: m.push_field_body() } });
		if (!parsed.ok) return failure(400, parsed.errors, values);
		const sent = await sendEditorMessage(event, village, parsed.data);
		if (!sent.ok) return failure(sent.status, sent.errors, values);
		redirect(303, `/${village.slug}/admin/push?message=${sent.id}`);
	}
};
