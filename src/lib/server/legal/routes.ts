// The thin routes of the legal pages share this: the platform's (/impressum …, edited under /admin/legal) and each
// village app's (/<village>/impressum …, edited under /<village>/admin/settings). A page shows the tenant's own text
// or the default; the accessibility statement carries the feedback form; edits and reports redirect (303) so a
// reload never sends them twice.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '../../paraglide/messages.js';
import { isLegalPage, type LegalPage } from '../../legalPages.ts';
import { handleForm } from '../http/forms.ts';
import { getRootTenant, type Tenant } from '../tenancy/tenants.ts';
import { canEditLegal } from './access.ts';
import { submitBarrierReport } from './barrierReports.ts';
import { saveContact } from './contacts.ts';
import { defaultFor, getLegalText, legalPageView, resetLegalText, saveLegalText } from './legalTexts.ts';
import { barrierReportSchema, contactSchema, legalTextSchema } from './schemas.ts';

const TITLES: Record<LegalPage, () => string> = {
	impressum: () => m.legal_impressum_title(),
	datenschutz: () => m.legal_datenschutz_title(),
	barrierefreiheit: () => m.legal_barrierefreiheit_title()
};

/** The page's title in the reader's language. */
export const legalTitle = (page: LegalPage) => TITLES[page]();

/** The page named by the route (the param matcher let only the three names through). */
export function pageParam(event: RequestEvent): LegalPage {
	const page = event.params.page ?? '';
	if (!isLegalPage(page)) error(404, m.err_not_found());
	return page;
}

/** Where a tenant's legal pages are read and edited. */
export function legalPaths(tenant: Tenant) {
	const village = tenant.kind === 'village';
	return {
		view: (page: LegalPage) => (village ? `/${tenant.slug}/${page}` : `/${page}`),
		edit: (page: LegalPage) => (village ? `/${tenant.slug}/admin/settings/${page}` : `/admin/legal/${page}`),
		settings: village ? `/${tenant.slug}/admin/settings` : '/admin/legal'
	};
}

/** The county, whose legal pages are the platform's. */
export async function platformTenant(event: RequestEvent): Promise<Tenant> {
	const county = await getRootTenant(event.locals.rt.db);
	if (!county) error(404, m.err_not_found());
	return county;
}

/** A legal page as everyone reads it; `sent` shows the thank-you of the feedback form instead. */
export async function loadLegalPage(event: RequestEvent, tenant: Tenant) {
	const page = pageParam(event);
	const { rt, locale, actor } = event.locals;
	const paths = legalPaths(tenant);
	const sent = page === 'barrierefreiheit' && event.url.searchParams.get('sent') === '1';
	return {
		page,
		title: legalTitle(page),
		...(await legalPageView(rt.db, { tenant, page, locale, origin: rt.config.origin })),
		editHref: canEditLegal(actor, tenant) ? paths.edit(page) : null,
		viewHref: paths.view(page),
		sent,
		// the feedback form starts with the page the visitor came from (the footer link is on every page)
		reportPage: page === 'barrierefreiheit' ? reportedPage(event) : ''
	};
}

/** The page a barrier is reported on: ?page=… or the referring page of this site, as a path. */
function reportedPage(event: RequestEvent): string {
	const asked = event.url.searchParams.get('page');
	if (asked) return asked.slice(0, 500);
	try {
		const from = new URL(event.request.headers.get('referer') ?? '');
		return from.origin === event.url.origin ? (from.pathname + from.search).slice(0, 500) : '';
	} catch {
		return '';
	}
}

/** The feedback form of an accessibility statement: anyone, limited per address; a 303 to the thank-you. */
export async function barrierReportAction(event: RequestEvent, tenant: Tenant) {
	if (pageParam(event) !== 'barrierefreiheit') error(404, m.err_not_found());
	const { rt, locale, user } = event.locals;
	const result = await handleForm(event, barrierReportSchema, async (input) => {
		await submitBarrierReport(rt.db, { tenant, input, ip: event.getClientAddress(), actorId: user?.id ?? null, locale, perHour: rt.config.rateLimits.barrierReportsPerHour });
		rt.kickJobs();
		return null;
	});
	if (result) return result;
	redirect(303, `${legalPaths(tenant).view('barrierefreiheit')}?sent=1`);
}

/** The edit form: the own text, or the default to start from. Only for those who may edit (else 403). */
export async function loadLegalEditor(event: RequestEvent, tenant: Tenant) {
	const page = pageParam(event);
	const { rt, locale } = event.locals;
	if (!canEditLegal(event.locals.actor, tenant)) error(403, m.err_forbidden());
	const own = await getLegalText(rt.db, tenant.id, page);
	const paths = legalPaths(tenant);
	return {
		page,
		title: legalTitle(page),
		body: own?.body ?? (await defaultFor(rt.db, { tenant, page, locale, origin: rt.config.origin })),
		own: own ? { updatedAt: own.updatedAt } : null,
		viewHref: paths.view(page),
		settingsHref: paths.settings,
		saved: event.url.searchParams.get('saved')
	};
}

/** save and reset of the edit form, each a 303 back to it with what happened. */
export function legalEditActions(resolve: (event: RequestEvent) => Promise<Tenant>) {
	const back = (event: RequestEvent, saved: string): never => redirect(303, `${event.url.pathname}?saved=${saved}`);
	return {
		save: async (event: RequestEvent) => {
			const tenant = await resolve(event);
			const page = pageParam(event);
			const result = await handleForm(event, legalTextSchema, async (input) => {
				await saveLegalText(event.locals.rt.db, { actor: event.locals.actor, tenant, page, body: input.body.replace(/\r\n?/g, '\n'), ip: event.getClientAddress() });
				return null;
			});
			return result ?? back(event, 'text');
		},
		reset: async (event: RequestEvent) => {
			const tenant = await resolve(event);
			const page = pageParam(event);
			if (!canEditLegal(event.locals.actor, tenant)) error(403, m.err_forbidden());
			await resetLegalText(event.locals.rt.db, { actor: event.locals.actor, tenant, page, ip: event.getClientAddress() });
			return back(event, 'reset');
		}
	};
}

/** The contact form (village settings and the county's /admin/legal): a 303 back with `saved=contact`. */
export async function contactAction(event: RequestEvent, tenant: Tenant) {
	const result = await handleForm(event, contactSchema, async (input) => {
		await saveContact(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
		return null;
	});
	return result ?? redirect(303, `${event.url.pathname}?saved=contact`);
}
