import type { z } from 'zod';
import { denied, invalid, missing, newId, parseInput, type Db, type ModuleActionResult, type ModuleContext } from '../../server/moduleApi.ts';
import type { ModuleServer } from '../types.ts';
import { t } from './messages.ts';
import { linksDb, listGroups } from './queries.ts';
import { groupIdSchema, groupSchema, linkIdSchema, linkSchema, moveSchema, renameGroupSchema, reorderSchema, type settingsSchema, updateLinkSchema } from './schemas.ts';

type Settings = z.infer<typeof settingsSchema>;
type Ctx = ModuleContext<Settings>;
type Form = Record<string, string | undefined>;

const LABELS = { name: 'groupName', groupId: 'group', title: 'linkTitle', url: 'url', description: 'description', icon: 'icon' } as const;

/** Validates a form with this module's labels and messages in the user's language. */
function parse<S extends z.ZodType>(ctx: Ctx, schema: S, form: Form) {
	const labels = Object.fromEntries(Object.entries(LABELS).map(([field, key]) => [field, t(ctx.locale, key)]));
	const messages = { errUrl: t(ctx.locale, 'errUrl') };
	return parseInput(schema, form, { labels, messages });
}

/** Runs an editing action: permission first, then validation, then the change with its audit entry. */
function editing<S extends z.ZodType>(schema: S, run: (ctx: Ctx, input: z.infer<S>, form: Form) => Promise<ModuleActionResult>) {
	return async (ctx: Ctx, form: Form): Promise<ModuleActionResult> => {
		if (!ctx.can('links.edit')) return denied(t(ctx.locale, 'errForbidden'));
		const parsed = parse(ctx, schema, form);
		if (!parsed.ok) return invalid(parsed.errors, form);
		return run(ctx, parsed.data, form);
	};
}

/** Writes positions 0..n-1 in the given order (ids of one village only). */
async function renumber(db: Db, table: 'linksGroups' | 'linksItems', villageId: string, ids: string[]) {
	const ldb = linksDb(db);
	for (const [position, id] of ids.entries()) await ldb.updateTable(table).set({ position }).where('tenantId', '=', villageId).where('id', '=', id).execute();
}

/** Moves one id a step up or down in a list; null when it is not in the list. */
function moved(ids: string[], id: string, direction: 'up' | 'down'): string[] | null {
	const i = ids.indexOf(id);
	if (i < 0) return null;
	const j = direction === 'up' ? i - 1 : i + 1;
	if (j < 0 || j >= ids.length) return ids;
	const next = [...ids];
	[next[i], next[j]] = [next[j]!, next[i]!];
	return next;
}

async function groupIds(db: Db, villageId: string): Promise<string[]> {
	return (await linksDb(db).selectFrom('linksGroups').select('id').where('tenantId', '=', villageId).orderBy('position').orderBy('createdAt').execute()).map((r) => r.id);
}

async function linkIds(db: Db, villageId: string, groupId: string): Promise<string[]> {
	return (await linksDb(db).selectFrom('linksItems').select('id').where('tenantId', '=', villageId).where('groupId', '=', groupId).orderBy('position').orderBy('createdAt').execute()).map((r) => r.id);
}

async function findGroup(db: Db, villageId: string, groupId: string) {
	return linksDb(db).selectFrom('linksGroups').selectAll().where('tenantId', '=', villageId).where('id', '=', groupId).executeTakeFirst();
}

async function findLink(db: Db, villageId: string, linkId: string) {
	return linksDb(db).selectFrom('linksItems').selectAll().where('tenantId', '=', villageId).where('id', '=', linkId).executeTakeFirst();
}

export const server: ModuleServer<Settings> = {
	async load(ctx) {
		return { groups: await listGroups(ctx.db, ctx.village.id), canEdit: ctx.can('links.edit'), settings: ctx.settings };
	},

	async widget(ctx) {
		const links = (await listGroups(ctx.db, ctx.village.id)).flatMap((g) => g.links);
		return { links: links.slice(0, ctx.settings.widgetCount) };
	},

	api: {
		async links(ctx) {
			return { groups: await listGroups(ctx.db, ctx.village.id) };
		}
	},

	actions: {
		addGroup: editing(groupSchema, async (ctx, input) => {
			await ctx.db.transaction().execute(async (trx) => {
				const id = newId();
				const position = (await groupIds(trx, ctx.village.id)).length;
				await linksDb(trx).insertInto('linksGroups').values({ id, tenantId: ctx.village.id, name: input.name, position, createdAt: Date.now() }).execute();
				await ctx.audit(trx, { action: 'links.group.add', targetType: 'links.group', targetId: id, data: { name: input.name } });
			});
			return { ok: true };
		}),

		renameGroup: editing(renameGroupSchema, async (ctx, input) => {
			if (!(await findGroup(ctx.db, ctx.village.id, input.groupId))) return missing(t(ctx.locale, 'errMissing'));
			await ctx.db.transaction().execute(async (trx) => {
				await linksDb(trx).updateTable('linksGroups').set({ name: input.name }).where('tenantId', '=', ctx.village.id).where('id', '=', input.groupId).execute();
				await ctx.audit(trx, { action: 'links.group.rename', targetType: 'links.group', targetId: input.groupId, data: { name: input.name } });
			});
			return { ok: true };
		}),

		deleteGroup: editing(groupIdSchema, async (ctx, input) => {
			const group = await findGroup(ctx.db, ctx.village.id, input.groupId);
			if (!group) return missing(t(ctx.locale, 'errMissing'));
			await ctx.db.transaction().execute(async (trx) => {
				await linksDb(trx).deleteFrom('linksGroups').where('tenantId', '=', ctx.village.id).where('id', '=', group.id).execute();
				await ctx.audit(trx, { action: 'links.group.delete', targetType: 'links.group', targetId: group.id, data: { name: group.name } });
			});
			return { ok: true };
		}),

		moveGroup: editing(moveSchema, async (ctx, input) => {
			return ctx.db.transaction().execute(async (trx) => {
				const order = moved(await groupIds(trx, ctx.village.id), input.id, input.direction);
				if (!order) return missing(t(ctx.locale, 'errMissing'));
				await renumber(trx, 'linksGroups', ctx.village.id, order);
				await ctx.audit(trx, { action: 'links.group.move', targetType: 'links.group', targetId: input.id, data: { direction: input.direction } });
				return { ok: true, data: { moved: input.id } } as const;
			});
		}),

		addLink: editing(linkSchema, async (ctx, input, form) => {
			if (!(await findGroup(ctx.db, ctx.village.id, input.groupId))) return invalid({ groupId: `${t(ctx.locale, 'group')}: ${t(ctx.locale, 'errMissing')}` }, form);
			await ctx.db.transaction().execute(async (trx) => {
				const id = newId();
				const now = Date.now();
				const position = (await linkIds(trx, ctx.village.id, input.groupId)).length;
				await linksDb(trx)
					.insertInto('linksItems')
					.values({ id, tenantId: ctx.village.id, groupId: input.groupId, title: input.title, url: input.url, description: input.description ?? '', icon: input.icon, position, createdAt: now, updatedAt: now })
					.execute();
				await ctx.audit(trx, { action: 'links.add', targetType: 'links.link', targetId: id, data: { title: input.title, url: input.url } });
			});
			return { ok: true };
		}),

		updateLink: editing(updateLinkSchema, async (ctx, input, form) => {
			const link = await findLink(ctx.db, ctx.village.id, input.linkId);
			if (!link) return missing(t(ctx.locale, 'errMissing'));
			if (!(await findGroup(ctx.db, ctx.village.id, input.groupId))) return invalid({ groupId: `${t(ctx.locale, 'group')}: ${t(ctx.locale, 'errMissing')}` }, form);
			await ctx.db.transaction().execute(async (trx) => {
				const position = link.groupId === input.groupId ? link.position : (await linkIds(trx, ctx.village.id, input.groupId)).length;
				await linksDb(trx)
					.updateTable('linksItems')
					.set({ groupId: input.groupId, title: input.title, url: input.url, description: input.description ?? '', icon: input.icon, position, updatedAt: Date.now() })
					.where('tenantId', '=', ctx.village.id)
					.where('id', '=', link.id)
					.execute();
				await ctx.audit(trx, { action: 'links.update', targetType: 'links.link', targetId: link.id, data: { title: input.title, url: input.url } });
			});
			return { ok: true };
		}),

		deleteLink: editing(linkIdSchema, async (ctx, input) => {
			const link = await findLink(ctx.db, ctx.village.id, input.linkId);
			if (!link) return missing(t(ctx.locale, 'errMissing'));
			await ctx.db.transaction().execute(async (trx) => {
				await linksDb(trx).deleteFrom('linksItems').where('tenantId', '=', ctx.village.id).where('id', '=', link.id).execute();
				await ctx.audit(trx, { action: 'links.delete', targetType: 'links.link', targetId: link.id, data: { title: link.title } });
			});
			return { ok: true };
		}),

		moveLink: editing(moveSchema, async (ctx, input) => {
			const link = await findLink(ctx.db, ctx.village.id, input.id);
			if (!link) return missing(t(ctx.locale, 'errMissing'));
			return ctx.db.transaction().execute(async (trx) => {
				const order = moved(await linkIds(trx, ctx.village.id, link.groupId), link.id, input.direction)!;
				await renumber(trx, 'linksItems', ctx.village.id, order);
				await ctx.audit(trx, { action: 'links.move', targetType: 'links.link', targetId: link.id, data: { direction: input.direction } });
				const position = order.indexOf(link.id) + 1;
				return { ok: true, data: { moved: link.id, announce: t(ctx.locale, 'moved', { title: link.title, position }) } } as const;
			});
		}),

		reorderLinks: editing(reorderSchema, async (ctx, input, form) => {
			return ctx.db.transaction().execute(async (trx) => {
				const current = await linkIds(trx, ctx.village.id, input.groupId);
				// The new order must be exactly this group's links, each once.
				const same = input.order.length === current.length && new Set(input.order).size === current.length && input.order.every((id) => current.includes(id));
				if (!same) return invalid({ _form: t(ctx.locale, 'errMissing') }, form);
				await renumber(trx, 'linksItems', ctx.village.id, input.order);
				await ctx.audit(trx, { action: 'links.reorder', targetType: 'links.group', targetId: input.groupId, data: { order: input.order } });
				return { ok: true } as const;
			});
		})
	}
};
