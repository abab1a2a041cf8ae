// Writing projects: create, edit the profile, change the status (with its log), hide and show again.
// Each write checks the policy first, runs in one transaction and is audit-logged with ids only.
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/index.ts';
import type { ProjectStatus } from '../../db/types.ts';
import { fieldError, forbidden, notFound } from '../../http/errors.ts';
import { newId } from '../../ids.ts';
import { can, type Actor } from '../../policy/index.ts';
import { slugify } from '../../tenancy/slugs.ts';
import { getTenantBySlug, type Tenant } from '../../tenancy/tenants.ts';
import { listCategories } from '../categories.ts';
import { mayCreateProjectIn } from './memberProjects.ts';
import { addToTeam, projectRights, teamRoleOf } from './projectAccess.ts';
import { notifyFollowers } from '../follows.ts';
import * as m from '../../../paraglide/messages.js';
import type { CreateProjectInput, UpdateProjectInput } from './schemas.ts';
import { reindexProject } from '../search/searchIndex.ts';

export interface Who {
	actor: Actor;
	ip: string;
}

/** The project's owner tenant and its current state, or 404 (also for a hidden one the actor may not moderate). */
export async function loadProjectForWrite(db: Db, id: string, actor: Actor) {
	const row = await db
		.selectFrom('projects')
		.innerJoin('tenants', 'tenants.id', 'projects.tenantId')
		.select(['projects.id', 'projects.status', 'projects.title', 'projects.hiddenAt', 'projects.createdBy', 'tenants.id as tenantId', 'tenants.path', 'tenants.kind', 'tenants.slug'])
		.where('projects.id', '=', id)
		.executeTakeFirst();
	if (!row) throw notFound();
	const tenant = { id: row.tenantId, path: row.path, kind: row.kind };
	if (row.hiddenAt !== null && !can(actor, 'tenant.moderatePool', tenant)) throw notFound();
	// an API token acts with its role in its one place (decision 005), never with its person's place in a team
	return { ...row, tenant, rights: projectRights(actor, tenant, actor.token ? null : await teamRoleOf(db, row.id, actor.userId)) };
}

/** A project's address part after its id: the title as a slug, at most 60 characters. */
export function projectSlug(title: string): string {
	return slugify(title).slice(0, 60).replace(/-+$/, '') || 'projekt';
}

/**
 * The place a project goes to, by slug: a village or municipality the actor may create projects in — its
 * editors and admins, and its members where the village allows them (memberProjects.ts).
 */
export async function placeForProjects(db: Db, slug: string, actor: Actor, field = 'village'): Promise<Tenant> {
	const place = await getTenantBySlug(db, slug);
	if (!place || place.kind === 'county') throw fieldError(field, 'err_choice');
	if (!mayCreateProjectIn(actor, place)) throw fieldError(field, 'err_project_place_forbidden', { status: 403 });
	return place;
}

export async function assertCategory(db: Db, key: string): Promise<void> {
	if (!(await listCategories(db)).some((c) => c.key === key)) throw fieldError('categoryKey', 'err_choice');
}

function profileValues(input: UpdateProjectInput) {
	return {
		title: input.title,
		slug: projectSlug(input.title),
		summary: input.summary,
		categoryKey: input.categoryKey,
		sdgs: JSON.stringify(input.sdgs),
		goals: input.goals,
		targetGroup: input.targetGroup,
		preconditions: input.preconditions,
		costOneOff: input.costOneOff,
		costRunning: input.costRunning,
		volunteerHours: input.volunteerHours,
		timeline: input.timeline,
		startedOn: input.startedOn,
		steps: input.steps,
		pitfalls: input.pitfalls,
		lessons: input.lessons,
		results: input.results,
		contactName: input.contactName,
		contactRole: input.contactRole,
		links: JSON.stringify(input.links)
	};
}

/** Creates a project in a village the actor keeps projects of; returns its id and slug. */
export async function createProject(db: Db, args: Who & { input: CreateProjectInput }): Promise<{ id: string; slug: string }> {
	if (!args.actor.userId) throw forbidden();
	const place = await placeForProjects(db, args.input.village, args.actor);
	await assertCategory(db, args.input.categoryKey);
	const now = Date.now();
	const id = newId(now);
	const values = profileValues(args.input);
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('projects')
			.values({ id, tenantId: place.id, clubId: null, ...values, status: args.input.status, ideaId: null, adaptedFromId: null, hiddenAt: null, createdBy: args.actor.userId, createdAt: now, updatedAt: now })
			.execute();
		await trx.insertInto('projectStatusChanges').values({ id: newId(now), tenantId: place.id, projectId: id, fromStatus: null, toStatus: args.input.status, actorId: args.actor.userId, createdAt: now }).execute();
		await addToTeam(trx, { tenantId: place.id, projectId: id, userId: args.actor.userId!, role: 'lead', now });
		await reindexProject(trx, id);
		await audit(trx, { actorId: args.actor.userId, tenantId: place.id, action: 'project.create', targetType: 'project', targetId: id, ip: args.ip });
	});
	return { id, slug: values.slug };
}

/** Saves the profile ("Steckbrief"): the owner village's editors and admins (and those above them). */
export async function updateProject(db: Db, args: Who & { projectId: string; input: UpdateProjectInput }): Promise<{ slug: string }> {
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.edit) throw forbidden();
	await assertCategory(db, args.input.categoryKey);
	const values = profileValues(args.input);
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projects').set({ ...values, updatedAt: Date.now() }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await reindexProject(trx, project.id);
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.update', targetType: 'project', targetId: project.id, ip: args.ip });
	});
	return { slug: values.slug };
}

/** Moves the project to another status and logs the change (with an optional note). */
export async function changeProjectStatus(db: Db, args: Who & { projectId: string; status: ProjectStatus; note: string }): Promise<void> {
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!project.rights.edit) throw forbidden();
	if (project.status === args.status) return;
	const now = Date.now();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('projects').set({ status: args.status, updatedAt: now }).where('id', '=', project.id).where('tenantId', '=', project.tenantId).execute();
		await reindexProject(trx, project.id);
		await trx.insertInto('projectStatusChanges').values({ id: newId(now), tenantId: project.tenantId, projectId: project.id, fromStatus: project.status, toStatus: args.status, note: args.note, actorId: args.actor.userId, createdAt: now }).execute();
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: 'project.status', targetType: 'project', targetId: project.id, data: { from: project.status, to: args.status }, ip: args.ip });
		await notifyFollowers(trx, {
			target: { type: 'project', id: project.id, tenantId: project.tenantId },
			kind: 'project.status',
			title: (locale) => m.follow_project_status({ title: project.title, status: statusLabel(args.status, locale) }, { locale }),
			url: `/projects/${project.id}`,
			except: [args.actor.userId]
		});
	});
}

/** Hides a project from lists, pages and the API (moderation, with a reason), or shows it again. */
export async function setProjectHidden(db: Db, args: Who & { projectId: string; hidden: boolean; reason?: string }): Promise<void> {
	const project = await loadProjectForWrite(db, args.projectId, args.actor);
	if (!can(args.actor, 'tenant.moderatePool', project.tenant)) throw forbidden();
	if (args.hidden && !args.reason) throw fieldError('reason', 'err_required');
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('projects')
			.set(args.hidden ? { hiddenAt: Date.now(), hiddenReason: args.reason ?? '' } : { hiddenAt: null, hiddenReason: '' })
			.where('id', '=', project.id)
			.where('tenantId', '=', project.tenantId)
			.execute();
		await reindexProject(trx, project.id);
		await audit(trx, { actorId: args.actor.userId, tenantId: project.tenantId, action: args.hidden ? 'project.hide' : 'project.unhide', targetType: 'project', targetId: project.id, ip: args.ip });
	});
}

/** A status in words, in the given language (for notifications, which are written once per language). */
export function statusLabel(status: ProjectStatus, locale: 'de' | 'en'): string {
	const names: Record<ProjectStatus, (inputs: Record<string, never>, options: { locale: 'de' | 'en' }) => string> = {
		idea: m.project_status_idea,
		planning: m.project_status_planning,
		implementation: m.project_status_implementation,
		completed: m.project_status_completed,
		paused: m.project_status_paused,
		cancelled: m.project_status_cancelled
	};
	return names[status]({}, { locale });
}
