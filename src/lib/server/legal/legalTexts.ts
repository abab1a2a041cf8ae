// A tenant's legal pages: its own text where it wrote one, else the default made from its contact data. The
// county's pages are the platform's; a village's are its app's. Edited by the tenant's admins (and the admins
// above it: the county may edit every village's), audit-logged; rendered through the sanitising markdown code.
import type { LegalPage } from '../../legalPages.ts';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/index.ts';
import { forbidden } from '../http/errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/index.ts';
import { renderMarkdown } from '../richtext/markdown.ts';
import { getAncestry, getRootTenant, type Tenant } from '../tenancy/tenants.ts';
import { canEditLegal } from './access.ts';
import { getContact } from './contacts.ts';
import { defaultLegalText } from './defaults.ts';

export interface LegalTextRow {
	body: string;
	updatedAt: number;
}

/** The tenant's own text for the page, if it wrote one. */
export async function getLegalText(db: Db, tenantId: string, page: LegalPage): Promise<LegalTextRow | undefined> {
	const row = await db.selectFrom('legalTexts').select(['body', 'updatedAt']).where('tenantId', '=', tenantId).where('page', '=', page).executeTakeFirst();
	return row && { body: row.body, updatedAt: Number(row.updatedAt) };
}

/** Which of the tenant's pages have an own text. */
export async function ownLegalPages(db: Db, tenantId: string): Promise<LegalPage[]> {
	return (await db.selectFrom('legalTexts').select('page').where('tenantId', '=', tenantId).execute()).map((r) => r.page);
}

/** The generated default of one page of the tenant (the platform's when the tenant is the county). */
export async function defaultFor(db: Db, args: { tenant: Tenant; page: LegalPage; locale: 'de' | 'en'; origin: string }): Promise<string> {
	const { tenant } = args;
	const county = tenant.kind === 'county' ? tenant : ((await getAncestry(db, tenant))[0] ?? (await getRootTenant(db)) ?? tenant);
	const municipality = tenant.kind === 'village' ? ((await getAncestry(db, tenant)).find((t) => t.kind === 'municipality')?.name ?? null) : null;
	return defaultLegalText({
		page: args.page,
		locale: args.locale,
		origin: args.origin,
		county: { name: county.name, contact: await getContact(db, county.id) },
		village: tenant.kind === 'village' ? { name: tenant.name, municipality, contact: await getContact(db, tenant.id) } : undefined
	});
}

/** What a legal page shows: sanitised HTML, and whether it is the tenant's own text (since when) or the default. */
export async function legalPageView(db: Db, args: { tenant: Tenant; page: LegalPage; locale: 'de' | 'en'; origin: string }) {
	const own = await getLegalText(db, args.tenant.id, args.page);
	const markdown = own?.body ?? (await defaultFor(db, args));
	return { html: renderMarkdown(markdown), own: own ? { updatedAt: own.updatedAt } : null };
}

/** Saves the tenant's own text for a page (one row per page, replaced). */
export async function saveLegalText(db: Db, args: { actor: Actor; tenant: Tenant; page: LegalPage; body: string; ip: string }): Promise<void> {
	const { actor, tenant, page } = args;
	if (!canEditLegal(actor, tenant)) throw forbidden();
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		const before = await getLegalText(trx, tenant.id, page);
		if (before?.body === args.body) return;
		if (before) await trx.updateTable('legalTexts').set({ body: args.body, updatedBy: actor.userId, updatedAt: now }).where('tenantId', '=', tenant.id).where('page', '=', page).execute();
		else await trx.insertInto('legalTexts').values({ id: newId(now), tenantId: tenant.id, page, body: args.body, updatedBy: actor.userId, updatedAt: now }).execute();
		await audit(trx, { actorId: actor.userId, tenantId: tenant.id, action: 'legal.text', targetType: 'legalPage', targetId: page, data: { page, length: args.body.length }, ip: args.ip });
	});
}

/** Deletes the tenant's own text: the page shows the default again. */
export async function resetLegalText(db: Db, args: { actor: Actor; tenant: Tenant; page: LegalPage; ip: string }): Promise<void> {
	const { actor, tenant, page } = args;
	if (!canEditLegal(actor, tenant)) throw forbidden();
	await db.transaction().execute(async (trx) => {
		const gone = await trx.deleteFrom('legalTexts').where('tenantId', '=', tenant.id).where('page', '=', page).executeTakeFirst();
		if (Number(gone.numDeletedRows) === 0) return;
		await audit(trx, { actorId: actor.userId, tenantId: tenant.id, action: 'legal.textReset', targetType: 'legalPage', targetId: page, data: { page }, ip: args.ip });
	});
}
