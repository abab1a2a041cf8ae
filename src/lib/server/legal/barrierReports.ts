// Barrier reports from the accessibility statements' feedback form (BITV 2.0 requires one). Anyone may send one,
// without an account; the county's admins hear of it in their notifications and by mail. Limited per client
// address (an hour's window, counted in the database like the login limits), and a honeypot field that people
// never see drops what robots fill in — quietly, so they learn nothing.
import * as m from '../../paraglide/messages.js';
import { audit } from '../audit/audit.ts';
import { addressKey } from '../auth/loginLimits.ts';
import { hitRateLimit } from '../auth/rateLimit.ts';
import type { Db } from '../db/index.ts';
import { formError } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { queueMail } from '../mail/queueMail.ts';
import { notify } from '../notifications/notify.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { countyAdmins } from './access.ts';
import type { BarrierReportInput } from './schemas.ts';

const HOUR = 3_600_000;
/** How long a report is kept (housekeeping deletes older ones; see docs/PRIVACY.md). */
export const BARRIER_REPORT_DAYS = 365;

/**
 * Stores a report about the tenant's site (a village app, or the platform when the tenant is the county) and
 * tells the county's admins. Returns false for a robot's post (the honeypot was filled): nothing is stored.
 */
export async function submitBarrierReport(
	db: Db,
	args: { tenant: Tenant; input: BarrierReportInput; ip: string; actorId: string | null; locale: 'de' | 'en'; perHour: number; now?: number }
): Promise<boolean> {
	const { tenant, input } = args;
	const now = args.now ?? Date.now();
	const limit = await hitRateLimit(db, { key: `barrier-ip:${addressKey(args.ip)}`, limit: args.perHour, windowMs: HOUR, now });
	if (!limit.allowed) throw formError('err_feedback_rate_limited', 429);
	if (input.website) return false;
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('barrierReports').values({ id, tenantId: tenant.id, pageUrl: input.pageUrl, description: input.description, email: input.replyEmail, locale: args.locale, createdAt: now }).execute();
		for (const admin of await countyAdmins(trx, tenant)) {
			const locale = { locale: admin.locale };
			const texts = { place: tenant.name, page: input.pageUrl, reply: input.replyEmail ?? m.legal_report_no_reply({}, locale), description: input.description };
			await notify(trx, {
				userIds: [admin.id],
				tenantId: tenant.id,
				moduleId: null,
				kind: 'legal.barrierReport',
				title: m.legal_report_notify_title(texts, locale),
				body: m.legal_report_notify_body(texts, locale),
				url: tenant.kind === 'village' ? `/${tenant.slug}/barrierefreiheit` : '/barrierefreiheit'
			});
			await queueMail(trx, { to: admin.email, subject: m.mail_barrier_subject(texts, locale), text: m.mail_barrier_body(texts, locale) }, `barrier-report:${id}:${admin.id}`);
		}
		await audit(trx, { actorId: args.actorId, tenantId: tenant.id, action: 'legal.barrierReport', targetType: 'barrierReport', targetId: id, data: { pageUrl: input.pageUrl.slice(0, 200) }, ip: args.ip });
	});
	return true;
}
