// Keeping the funding catalogue: the county's admins create, edit and delete programmes. Each write checks
// the policy first, runs in one transaction and is audit-logged with ids only.
import { audit } from '../../audit/audit.ts';
import { bumpContentVersion } from '../../db/contentVersion.ts';
import type { Db } from '../../db/index.ts';
import { AppError, fieldError, forbidden, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { can, type Actor } from '../../policy/index.ts';
import { slugify } from '../../tenancy/slugs.ts';
import { getRootTenant, type Tenant } from '../../tenancy/tenants.ts';
import { listCategories } from '../categories.ts';
import { getProgramme } from './fundingQueries.ts';
import type { ProgrammeInput } from './schemas.ts';
import { reindexProgramme } from '../search/searchIndex.ts';

interface Who {
	actor: Actor;
	ip: string;
}

/** The county, if the actor may keep its catalogue (its admins); anonymous → 401, others → 403. */
export async function countyForCatalogue(db: Db, actor: Actor): Promise<Tenant> {
	if (!actor.userId) throw new AppError(401, 'unauthorized');
	const county = await getRootTenant(db);
	if (!county || !can(actor, 'tenant.update', county)) throw forbidden();
	return county;
}

/** true when the actor may create, edit and delete programmes. */
export async function mayKeepCatalogue(db: Db, actor: Actor): Promise<boolean> {
	const county = await getRootTenant(db);
	return !!county && can(actor, 'tenant.update', county);
}

async function assertCategories(db: Db, keys: string[]): Promise<void> {
	const known = new Set((await listCategories(db)).map((c) => c.key));
	if (keys.some((k) => !known.has(k))) throw fieldError('categories', 'err_choice');
}

function values(input: ProgrammeInput) {
	return {
		name: input.name,
		fundingBody: input.fundingBody,
		share: input.share,
		maxAmount: input.maxAmount,
		deadlines: input.deadlines,
		eligibility: input.eligibility,
		url: input.url,
		categories: JSON.stringify(input.categories)
	};
}

/** Adds a programme; its key (the anchor /funding#<key>) comes from the name and is unique. */
export async function createProgramme(db: Db, args: Who & { input: ProgrammeInput }): Promise<{ id: string; key: string }> {
	const county = await countyForCatalogue(db, args.actor);
	await assertCategories(db, args.input.categories);
	const key = slugify(args.input.name);
	if (!key) throw fieldError('name', 'err_format');
	const taken = await db.selectFrom('fundingProgrammes').select('id').where('tenantId', '=', county.id).where('key', '=', key).executeTakeFirst();
	if (taken) throw fieldError('name', 'err_funding_name_taken');
	const now = Date.now();
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('fundingProgrammes').values({ id, tenantId: county.id, key, ...values(args.input), createdAt: now, updatedAt: now }).execute();
		await reindexProgramme(trx, id);
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'funding.create', targetType: 'funding_programme', targetId: id, ip: args.ip });
	});
	return { id, key };
}

/** Saves a programme; its key stays, so links to /funding#<key> keep working after a rename. */
export async function updateProgramme(db: Db, args: Who & { programmeId: string; input: ProgrammeInput }): Promise<void> {
	const county = await countyForCatalogue(db, args.actor);
	const programme = await getProgramme(db, args.programmeId);
	if (!programme || programme.tenantId !== county.id) throw notFound();
	await assertCategories(db, args.input.categories);
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('fundingProgrammes').set({ ...values(args.input), updatedAt: Date.now() }).where('id', '=', programme.id).where('tenantId', '=', county.id).execute();
		await reindexProgramme(trx, programme.id);
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'funding.update', targetType: 'funding_programme', targetId: programme.id, ip: args.ip });
	});
}

/**
 * Deletes a programme. Projects keep their funding rows: the foreign key sets programme_id to null and the
 * row keeps the programme's name; their villages' pages change, so their content versions are bumped.
 */
export async function deleteProgramme(db: Db, args: Who & { programmeId: string }): Promise<void> {
	const county = await countyForCatalogue(db, args.actor);
	const programme = await getProgramme(db, args.programmeId);
	if (!programme || programme.tenantId !== county.id) throw notFound();
	await db.transaction().execute(async (trx) => {
		const places = await trx.selectFrom('projectFundings').select('tenantId').distinct().where('programmeId', '=', programme.id).execute();
		// explicit, not only by the foreign key: SQLite enforces it only with foreign_keys on
		await trx.updateTable('projectFundings').set({ programmeId: null }).where('programmeId', '=', programme.id).execute();
		await trx.deleteFrom('fundingProgrammes').where('id', '=', programme.id).where('tenantId', '=', county.id).execute();
		await reindexProgramme(trx, programme.id);
		for (const p of places) await bumpContentVersion(trx, p.tenantId);
		await audit(trx, { actorId: args.actor.userId, tenantId: county.id, action: 'funding.delete', targetType: 'funding_programme', targetId: programme.id, ip: args.ip });
	});
}
