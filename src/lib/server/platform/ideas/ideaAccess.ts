// Shared lookups of the ideas slice: the idea with the tenant that owns it, and who may do what with it.
import type { Db } from '../../db/index.ts';
import type { Selectable } from 'kysely';
import type { IdeasTable } from '../../db/types.ts';
import { notFound } from '../../http/errors.ts';
import { can, type Actor } from '../../policy/index.ts';
import type { Tenant } from '../../tenancy/tenants.ts';

export interface IdeaWithVillage {
	idea: Selectable<IdeasTable>;
	village: Tenant;
}

/** The idea and its village; 404 for an unknown id, and for a hidden idea unless the actor moderates it. */
export async function loadIdea(db: Db, args: { actor: Actor; ideaId: string }): Promise<IdeaWithVillage> {
	const idea = await db.selectFrom('ideas').selectAll().where('id', '=', args.ideaId).executeTakeFirst();
	if (!idea) throw notFound();
	const village = await db.selectFrom('tenants').selectAll().where('id', '=', idea.tenantId).executeTakeFirst();
	if (!village) throw notFound();
	if (idea.hiddenAt !== null && !can(args.actor, 'tenant.moderatePool', village)) throw notFound();
	return { idea, village };
}

/** What the actor may do with ideas of this village. */
export function ideaPermissions(actor: Actor, village: Tenant) {
	return {
		canSupport: actor.userId !== null && !actor.token,
		canComment: actor.userId !== null && !actor.token,
		canTriage: can(actor, 'tenant.triageIdeas', village),
		/** turn an idea into a project of the village (projects/projectFromIdea.ts) */
		canMakeProject: can(actor, 'tenant.triageIdeas', village) && can(actor, 'tenant.editProjects', village),
		canModerate: can(actor, 'tenant.moderatePool', village)
	};
}
