import { draftModules } from './appPreview.ts';
import type { RequestEvent } from '@sveltejs/kit';
import type { AnyModule } from '../../modules/registry.ts';
import type { Locale, ModuleContext, ModuleData, PermissionRef } from '../../modules/types.ts';
import { audit } from '../audit/audit.ts';
import { bumpContentVersion } from '../db/contentVersion.ts';
import type { Db } from '../db/index.ts';
import { TenantScope } from '../db/tenantScope.ts';
import { deleteStoredFile, getStoredFile } from '../files/uploads.ts';
import { fetchText } from '../http/externalFetch.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { recordUndo } from '../undo/undo.ts';
import { notify } from '../notifications/notify.ts';
import { queuePushMessage } from '../push/messages.ts';
import { moduleTopicId } from '../push/topics.ts';
import type { Actor } from '../policy/index.ts';
import { effectiveRole, roleAtLeast } from '../tenancy/roles.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { channelTopic } from '../realtime/topics.ts';
import { enabledModules, type VillageModule } from './villageModules.ts';
import { createModulePool } from './modulePool.ts';

export type AnyContext = ModuleContext<Record<string, unknown>, Record<string, unknown>>;

/** What an action leaves to do after its transaction commits: realtime events, and waking the job worker. */
export interface AfterCommit {
	events: { topic: string; event: unknown }[];
	jobs: boolean;
	/** the undo entry a deleting action offered (ctx.offerUndo): the page shows "… gelöscht. [Rückgängig]" */
	undoId?: string;
}

/** true when the actor may use something guarded by `permission` in this village (tenant first, as everywhere). */
export function allows(module: AnyModule, actor: Actor, village: Tenant, permission: PermissionRef): boolean {
	if (permission === 'public') return true;
	if (actor.userId === null) return false;
	if (permission === 'signedIn') return true;
	const declared = module.permissions.find((p) => p.id === permission);
	return !!declared && roleAtLeast(effectiveRole(actor.memberships, village.path), declared.role);
}

/** The module's tables, bound to the village (see db/tenantScope.ts). */
export function moduleData(db: Db, village: Tenant, module: AnyModule, readOnly: boolean): ModuleData<Record<string, unknown>> {
	return db.withPlugin(new TenantScope(village.id, module.tables, { readOnly })) as unknown as ModuleData<Record<string, unknown>>;
}

/**
 * What a module's server code gets: its tables bound to the village, the village, the actor, the language,
 * its settings, `can()` for its permissions, and the core's services (audit, notifications, realtime, jobs).
 * `readOnly` for pages, widgets and GETs; `afterCommit` collects what an action's transaction sets off.
 */
export function createModuleContext(args: {
	db: Db;
	village: Tenant;
	module: AnyModule;
	settings: Record<string, unknown>;
	actor: Actor;
	locale: Locale;
	ip: string;
	/** the app's address for absolute links ('' when unknown) */
	origin?: string;
	readOnly?: boolean;
	afterCommit?: AfterCommit;
	/** publishes at once when there is no transaction to wait for (jobs, tests) */
	publishNow?: (topic: string, event: unknown) => void;
}): AnyContext {
	const { db, village, module, settings, actor, locale, ip } = args;
	const ctx: AnyContext = {
		data: moduleData(db, village, module, args.readOnly ?? false),
		village,
		actor,
		locale,
		settings,
		ip,
		origin: args.origin ?? '',
		can: (permission) => allows(module, actor, village, permission),
		audit: (entry) => audit(db, { actorId: actor.userId, tenantId: village.id, tokenId: actor.token?.id ?? null, ip, ...entry }),
		members: async ({ role = 'member' } = {}) => {
			const rows = await db
				.selectFrom('memberships')
				.innerJoin('users', 'users.id', 'memberships.userId')
				.select(['memberships.userId', 'users.displayName', 'memberships.role'])
				.where('memberships.tenantId', '=', village.id)
				.orderBy('users.displayName')
				.execute();
			return rows.filter((r) => roleAtLeast(r.role, role));
		},
		names: async (userIds) => {
			const ids = [...new Set(userIds)];
			const names = new Map<string, string>();
			// in slices: one statement per 500 ids keeps SQLite below its limit of bound parameters
			for (let i = 0; i < ids.length; i += 500) {
				const rows = await db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', ids.slice(i, i + 500)).execute();
				for (const r of rows) names.set(r.id, r.displayName);
			}
			return names;
		},
		pool: createModulePool({ db, village, actor, locale, ip, readOnly: args.readOnly ?? false }),
		clubs: () => db.selectFrom('clubs').select(['id', 'name', 'slug']).where('tenantId', '=', village.id).orderBy('name').execute(),
		clubsAdministered: async () => {
			const ids = actor.clubRoles.filter((r) => r.role === 'admin').map((r) => r.clubId);
			if (ids.length === 0) return [];
			return db.selectFrom('clubs').select(['id', 'name', 'slug']).where('tenantId', '=', village.id).where('id', 'in', ids).orderBy('name').execute();
		},
		files: {
			get: (id) => getStoredFile(db, village.id, id),
			delete: async (id) => {
				if (args.readOnly) throw new Error('files cannot be deleted while reading');
				return deleteStoredFile(db, village.id, id);
			}
		},
		notify: async (n) => {
			await notify(db, { ...n, tenantId: village.id, moduleId: module.id });
		},
		publish: (channel, params, event) => {
			if (!module.server.channels || !Object.hasOwn(module.server.channels, channel)) throw new Error(`module ${module.id} has no channel "${channel}"`);
			const topic = channelTopic({ villageId: village.id, moduleId: module.id, channel, params });
			if (args.afterCommit) args.afterCommit.events.push({ topic, event });
			else args.publishNow?.(topic, event);
		},
		schedule: async ({ job, payload, runAt, key }) => {
			if (!module.server.jobs || !Object.hasOwn(module.server.jobs, job)) throw new Error(`module ${module.id} has no job "${job}"`);
			await enqueueJob(db, {
				kind: 'module',
				tenantId: village.id,
				moduleId: module.id,
				payload: { job, data: payload ?? null },
				runAt,
				idempotencyKey: key ? `module:${module.id}:${village.id}:${job}:${key}` : undefined
			});
			if (args.afterCommit) args.afterCommit.jobs = true;
		},
		fetchText: (url, options) => fetchText(url, options),
		offerUndo: async ({ kind, label, payload }) => {
			if (args.readOnly) throw new Error('nothing to undo while reading');
			if (!module.server.undo || !Object.hasOwn(module.server.undo, kind)) throw new Error(`module ${module.id} has no undo kind "${kind}"`);
			const id = await recordUndo(db, { tenantId: village.id, actorId: actor.userId, moduleId: module.id, kind, label, payload });
			if (args.afterCommit) args.afterCommit.undoId = id;
			return id;
		},
		push: async ({ topics, ...message }) => {
			if (args.readOnly) throw new Error('no push while reading');
			const unknown = topics.find((t) => !module.pushTopics.some((p) => p.id === t));
			if (unknown !== undefined || topics.length === 0) throw new Error(`module ${module.id} has no push topic "${unknown ?? ''}"`);
			if (message.userIds && message.userIds.length > 500) throw new Error('push: at most 500 people per message');
			const id = await queuePushMessage(db, { ...message, key: message.key === undefined ? undefined : `${module.id}:${message.key}`, villageId: village.id, topics: topics.map((t) => moduleTopicId(module.id, t)), moduleId: module.id, createdBy: actor.userId, tokenId: actor.token?.id ?? null });
			// after an action's commit the job worker is woken; a job's own worker round picks the new job up next
			if (args.afterCommit) args.afterCommit.jobs = true;
			return id;
		},
		transaction: async (fn) => {
			if (args.readOnly) throw new Error('no transaction while reading');
			// an action runs in one transaction already (so does a nested call)
			if (db.isTransaction) return fn(ctx);
			return db.transaction().execute(async (trx) => {
				const result = await fn(createModuleContext({ ...args, db: trx }));
				await bumpContentVersion(trx, village.id);
				return result;
			});
		}
	};
	return ctx;
}

/** The read-only module context for a request (pages, widgets, GET). */
export function moduleContext(event: RequestEvent, village: Tenant, module: AnyModule, settings: Record<string, unknown>): AnyContext {
	const { actor, rt, locale } = event.locals;
	return createModuleContext({ db: rt.db, village, module, settings, actor, locale, ip: event.getClientAddress(), origin: event.url.origin, readOnly: true });
}

/** What the actor may do in the module, sent with every page and widget (the UI follows the same rules). */
export function abilities(module: AnyModule, actor: Actor, village: Tenant): Record<string, boolean> {
	return Object.fromEntries(module.permissions.map((p) => [p.id, allows(module, actor, village, p.id)]));
}

// The layout (navigation) and the home page (widgets) both need the village's modules: one query per request.
const perRequest = new WeakMap<App.Locals, Promise<VillageModule[]>>();

/** The switched-on modules of the request's village, read once per request (the draft's in the builder's preview). */
export function requestModules(event: RequestEvent, village: Tenant): Promise<VillageModule[]> {
	let modules = perRequest.get(event.locals);
	const preview = event.locals.preview;
	if (!modules) {
		const { rt, shell } = event.locals;
		modules = preview ? Promise.resolve(draftModules(preview)) : shell ? shell.villageModules(village.id) : enabledModules(rt.db, village.id);
		perRequest.set(event.locals, modules);
	}
	return modules;
}
