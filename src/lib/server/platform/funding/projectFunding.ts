// A project's team lists the programmes it used or applied for. The funding row belongs to the project's
// tenant (its village); the programme comes from the county's catalogue and its name is kept with the row.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import { AppError, fieldError, forbidden, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../policy/index.ts';
import { loadProjectForWrite } from '../projects/saveProject.ts';
import { getProgramme } from './fundingQueries.ts';
import type { AddFundingInput } from './schemas.ts';

interface Who {
	actor: Actor;
	ip: string;
}

async function editableProject(db: Db, projectId: string, actor: Actor) {
	if (!actor.userId) throw new AppError(401, 'unauthorized');
	const project = await loadProjectForWrite(db, projectId, actor);
	if (!project.rights.edit) throw forbidden();
	return project;
}

/** Adds a programme of the catalogue to the project's fundings (unknown programme → 404). */
export async function addProjectFunding(db: Db, args: Who & { projectId: string; input: AddFundingInput }): Promise<{ id: string }> {
	const project = await editableProject(db, args.projectId, args.actor);
	const programme = await getProgramme(db, args.input.programmeId);
	if (!programme) throw notFound();
	const listed = await db.selectFrom('projectFundings').select('id').where('projectId', '=', project.id).where('programmeId', '=', programme.id).executeTakeFirst();
	if (listed) throw fieldError('programmeId', 'err_funding_listed');
	const id = newId();
	await db.transaction().execute(async (trx) => {
		const last = await trx.selectFrom('projectFundings').select((eb) => eb.fn.max('position').as('n')).where('projectId', '=', project.id).executeTakeFirst();
		await trx
			.insertInto('projectFundings')
			.values({ id, tenantId: project.tenantId, projectId: project.id, programmeId: programme.id, programmeName: programme.name, amount: args.input.amount, sharePercent: args.input.sharePercent, state: args.input.state, position: Number(last?.n ?? -1) + 1 })
			.execute();
		await trx.updateTable('projects').set({ updatedAt: Date.now() }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'funding.add', targetType: 'project', targetId: project.id, data: { fundingId: id, programmeId: programme.id }, ip: args.ip });
	});
	return { id };
}

/** Removes one funding row of the project (a row of another project or tenant → 404). */
export async function removeProjectFunding(db: Db, args: Who & { projectId: string; fundingId: string }): Promise<void> {
	const project = await editableProject(db, args.projectId, args.actor);
	const row = await db.selectFrom('projectFundings').select(['id', 'programmeId']).where('id', '=', args.fundingId).where('projectId', '=', project.id).where('tenantId', '=', project.tenantId).executeTakeFirst();
	if (!row) throw notFound();
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('projectFundings').where('id', '=', row.id).where('tenantId', '=', project.tenantId).execute();
		await trx.updateTable('projects').set({ updatedAt: Date.now() }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'funding.remove', targetType: 'project', targetId: project.id, data: { fundingId: row.id, programmeId: row.programmeId }, ip: args.ip });
	});
}
