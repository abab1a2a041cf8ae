// A village asks for an own host name. Setting one is the county's decision (decision 011: it decides where
// browsers and cookies go, and the county runs the DNS), so the village's admins only ask: the request is
// checked like the county's own form checks a host name, kept with the village ("beantragt am …" until the
// county sets it) and reaches the county's admins in their notifications.
import * as m from '../../paraglide/messages.js';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { fieldError, forbidden } from '../http/errors.ts';
import { notify } from '../notifications/notify.ts';
import { can, type Actor } from '../policy/index.ts';
import { isPlatformHost } from '../tenancy/hostNames.ts';
import { isHostFree, type Tenant } from '../tenancy/tenants.ts';
import { countyAdmins } from './access.ts';
import { getContact, upsertContact } from './contacts.ts';

/** The request the village has open: a host name it asked for that is not (yet) its host. */
export function openHostRequest(village: Tenant, contact: { requestedHost: string | null; hostRequestedAt: number | null }): { host: string; at: number } | null {
	if (!contact.requestedHost || contact.hostRequestedAt === null || contact.requestedHost === village.host) return null;
	return { host: contact.requestedHost, at: contact.hostRequestedAt };
}

/** Records the village's request and tells the county's admins; asking again for the same name changes nothing. */
export async function requestHost(db: Db, args: { actor: Actor; village: Tenant; host: string; ip: string; origin: string }): Promise<void> {
	const { actor, village, host } = args;
	if (village.kind !== 'village' || !can(actor, 'tenant.administer', village)) throw forbidden();
	if (host === village.host) throw fieldError('requestedHost', 'err_host_already');
	if (isPlatformHost(host, args.origin)) throw fieldError('requestedHost', 'err_host_platform');
	await db.transaction().execute(async (trx) => {
		if (!(await isHostFree(trx, host, village.id))) throw fieldError('requestedHost', 'err_host_taken');
		const open = openHostRequest(village, await getContact(trx, village.id));
		if (open?.host === host) return;
		const now = Date.now();
		await upsertContact(trx, village.id, { requestedHost: host, hostRequestedAt: now, hostRequestedBy: actor.userId }, now);
		for (const admin of await countyAdmins(trx, village)) {
			const locale = { locale: admin.locale };
			await notify(trx, {
				userIds: [admin.id],
				tenantId: village.id,
				moduleId: null,
				kind: 'legal.hostRequest',
				title: m.host_request_notify_title({ village: village.name, host }, locale),
				body: m.host_request_notify_body({}, locale),
				url: `/admin/tenants/${village.id}`
			});
		}
		await audit(trx, { actorId: actor.userId, tenantId: village.id, action: 'legal.hostRequest', targetType: 'tenant', targetId: village.id, data: { host }, ip: args.ip });
	});
}
