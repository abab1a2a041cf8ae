// What the project's pages share: the project behind the address, only for those who may see it (a hidden one
// for its moderators only), at its one address with the current title, and what the visitor may do with it.
import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { can } from '$lib/server/policy';
import { projectRights, teamRoleOf } from '$lib/server/platform/projects/projectAccess';
import { getProject } from '$lib/server/platform/projects/projectQueries';
import { projectIdFromRef } from '$lib/server/platform/projects/schemas';

/** The project id in an address part ("<id>-<slug>" or "<id>"), or 404. */
export function projectId(ref: string): string {
	const id = projectIdFromRef(ref);
	if (!id) error(404, m.err_not_found());
	return id;
}

/** The project for a page under /projects/<ref><rest>, with the visitor's rights; 404 or a 301 to its address. */
export async function visibleProject(locals: App.Locals, ref: string, rest = '') {
	const { db } = locals.rt;
	const project = await getProject(db, projectId(ref), { includeHidden: true });
	const tenant = project && { id: project.tenantId, path: project.tenantPath, kind: project.place.kind };
	const mayModerate = !!tenant && can(locals.actor, 'tenant.moderatePool', tenant);
	if (!project || (project.hidden && !mayModerate)) error(404, m.err_not_found());
	// old or shortened addresses lead to the one address with the current title
	if (ref !== `${project.id}-${project.slug}`) redirect(301, `/projects/${project.id}-${project.slug}${rest}`);
	const rights = projectRights(locals.actor, tenant!, await teamRoleOf(db, project.id, locals.user?.id ?? null));
	return { project, tenant: tenant!, mayModerate, rights };
}
