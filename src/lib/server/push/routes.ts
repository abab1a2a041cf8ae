// The push API (thin routes under src/routes/api/v1 call these):
//   GET    /api/v1/push/vapid-public-key                       the key browsers subscribe with
//   POST   /api/v1/villages/<slug>/push/subscriptions          { endpoint, keys: { p256dh, auth }, topics, replaces? } → 201 (200 when it existed)
//   DELETE /api/v1/villages/<slug>/push/subscriptions          { endpoint } → 204
//   POST   /api/v1/villages/<slug>/push/messages               { topic, title, body, url, urgency?, ttl? } (editors) → 202 { id }
//   GET    /api/v1/villages/<slug>/push/messages               the history (editors)
//   GET    /api/v1/villages/<slug>/push/messages/<id>          { total, sent, failed, gone, pending, state } (editors)
import { json, type RequestEvent } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import { audit } from '../audit/audit.ts';
import { apiError, findApiVillage } from '../builder/apiVillage.ts';
import { parseInput, readJsonObject } from '../http/validate.ts';
import { can } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { vapidKeys } from './keys.ts';
import { countEditorMessages, listPushMessages, messageProgress, pushMessageInput, queuePushMessage, type PushMessageInput } from './messages.ts';
import { checkSubscription, removeSubscription, saveSubscription, subscriptionInput, unsubscribeInput, type SubscriptionProblem } from './subscriptions.ts';
import { villageTopics } from './topics.ts';

/** Messages an editor (or token) may send per village and hour; modules' messages do not count. */
export const EDITOR_MESSAGES_PER_HOUR = 20;

const labels = () => ({ url: m.push_field_url(), body: m.push_field_body() });

/** The translated text of a subscription problem, naming the field. */
export function problemText(problem: SubscriptionProblem): string {
	const text = problem.message === 'push_err_topic' ? m.push_err_topic({ topic: problem.topic ?? '' }) : m[problem.message]();
	const label = problem.field === 'topics' ? m.field_topics() : problem.field === 'endpoint' ? m.field_endpoint() : m.field_keys();
	return `${label}: ${text}`;
}

export async function vapidPublicKey(event: RequestEvent): Promise<Response> {
	const { publicKey } = await vapidKeys(event.locals.rt.db);
	return json({ publicKey }, { headers: { 'cache-control': 'public, max-age=3600' } });
}

export async function subscribe(event: RequestEvent, slug: string): Promise<Response> {
	const { rt, actor } = event.locals;
	const village = await findApiVillage(rt.db, slug);
	if (!village) return apiError(404, m.err_not_found());
	const body = await readJsonObject(event.request, false);
	if (!body) return apiError(400, m.err_bad_json());
	const parsed = parseInput(subscriptionInput, body);
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	const problem = checkSubscription(parsed.data, await villageTopics(rt.db, village.id), rt.config.push.endpointAllow);
	if (problem) {
		const text = problemText(problem);
		return apiError(400, text, { [problem.field]: text });
	}
	const saved = await saveSubscription(rt.db, { villageId: village.id, input: parsed.data, userId: actor.token ? null : actor.userId, device: event.request.headers.get('user-agent') ?? '' });
	return json({ id: saved.id, topics: [...new Set(parsed.data.topics)] }, { status: saved.created ? 201 : 200, headers: { 'cache-control': 'no-store' } });
}

export async function unsubscribe(event: RequestEvent, slug: string): Promise<Response> {
	const { rt } = event.locals;
	const village = await findApiVillage(rt.db, slug);
	if (!village) return apiError(404, m.err_not_found());
	const body = await readJsonObject(event.request, false);
	if (!body) return apiError(400, m.err_bad_json());
	const parsed = parseInput(unsubscribeInput, body);
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	if (!(await removeSubscription(rt.db, village.id, parsed.data.endpoint))) return apiError(404, m.push_err_not_subscribed());
	return new Response(null, { status: 204 });
}

/** The village, if the caller may send its push messages; else the error answer. */
async function senderVillage(event: RequestEvent, slug: string): Promise<Tenant | Response> {
	const { rt, actor } = event.locals;
	const village = await findApiVillage(rt.db, slug);
	if (!village) return apiError(404, m.err_not_found());
	if (!actor.userId) return apiError(401, m.err_login_required(), undefined, { 'www-authenticate': 'Bearer' });
	if (!can(actor, 'tenant.sendPush', village)) return apiError(403, m.err_forbidden());
	return village;
}

export type SendOutcome = { ok: true; id: string } | { ok: false; status: 400 | 429; errors: Record<string, string> };

/**
 * Sends an editor's message (the form on /<slug>/admin/push and the API): checks the topic and the hourly
 * quota, writes the message, its job and the audit entry in one transaction. Kick the job worker afterwards.
 */
export async function sendEditorMessage(event: RequestEvent, village: Tenant, input: PushMessageInput): Promise<SendOutcome> {
	const { rt, actor } = event.locals;
	const topics = await villageTopics(rt.db, village.id);
	if (!topics.some((t) => t.id === input.topic)) return { ok: false, status: 400, errors: { topic: `${m.field_topic()}: ${m.push_err_topic({ topic: input.topic })}` } };
	const now = Date.now();
	const sentLastHour = await countEditorMessages(rt.db, village.id, now - 3_600_000);
	if (sentLastHour >= EDITOR_MESSAGES_PER_HOUR) return { ok: false, status: 429, errors: { _form: m.push_err_quota({ count: String(sentLastHour) }) } };
	const id = await rt.db.transaction().execute(async (trx) => {
		const messageId = await queuePushMessage(trx, { villageId: village.id, topics: [input.topic], title: input.title, body: input.body, url: input.url, urgency: input.urgency, ttl: input.ttl, createdBy: actor.userId, tokenId: actor.token?.id ?? null }, now);
		await audit(trx, { actorId: actor.userId, tenantId: village.id, tokenId: actor.token?.id ?? null, ip: event.getClientAddress(), action: 'push.send', targetType: 'pushMessage', targetId: messageId, data: { topic: input.topic, title: input.title } });
		return messageId!;
	});
	rt.kickJobs();
	return { ok: true, id };
}

export async function postMessage(event: RequestEvent, slug: string): Promise<Response> {
	const village = await senderVillage(event, slug);
	if (village instanceof Response) return village;
	const body = await readJsonObject(event.request, false);
	if (!body) return apiError(400, m.err_bad_json());
	const parsed = parseInput(pushMessageInput, body, { labels: labels() });
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	const sent = await sendEditorMessage(event, village, parsed.data);
	if (!sent.ok) return apiError(sent.status, Object.values(sent.errors).join(' '), sent.errors, sent.status === 429 ? { 'retry-after': '600' } : {});
	return json({ id: sent.id }, { status: 202, headers: { 'cache-control': 'no-store', location: `/api/v1/villages/${village.slug}/push/messages/${sent.id}` } });
}

export async function listMessages(event: RequestEvent, slug: string): Promise<Response> {
	const village = await senderVillage(event, slug);
	if (village instanceof Response) return village;
	const messages = await listPushMessages(event.locals.rt.db, village.id, { limit: 50 });
	return json({ messages }, { headers: { 'cache-control': 'no-store' } });
}

export async function getMessage(event: RequestEvent, slug: string, id: string): Promise<Response> {
	const village = await senderVillage(event, slug);
	if (village instanceof Response) return village;
	const progress = id.length <= 64 ? await messageProgress(event.locals.rt.db, village.id, id) : undefined;
	if (!progress) return apiError(404, m.err_not_found());
	return json(progress, { headers: { 'cache-control': 'no-store' } });
}
