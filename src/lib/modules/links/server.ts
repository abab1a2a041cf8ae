import type { z } from 'zod';
import { actionFor, invalid, missing, newId, type ModuleContext, type ModuleServer } from '../../server/moduleApi.ts';
import { t } from './messages.ts';
import { findGroup, findLink, groupIds, linkIds, listGroups, type LinksData, type LinksTables } from './queries.ts';
import { createdOutput, groupIdSchema, groupSchema, groupsOutput, linkIdSchema, linkOutput, linkSchema, moveSchema, renameGroupSchema, reorderSchema, type settingsSchema, updateLinkSchema } from './schemas.ts';

type Settings = z.infer<typeof settingsSchema>;
type Ctx = ModuleContext<Settings, LinksTables>;

// Every action: the core checks `permission` and validates `input` before `run`, and runs it in one
// transaction (an answer with ok: false rolls it back). ctx.data only ever sees this village's rows.
const action = actionFor<Ctx>();
const EDIT = 'links.edit';

/** Writes positions 0..n-1 in the given order. */
async function renumber(data: LinksData, table: 'linksGroups' | 'linksItems', ids: string[]) {
	for (const [position, id] of ids.entries()) await data.updateTable(table).set({ position }).where('id', '=', id).execute();
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

const noGroup = (ctx: Ctx) => invalid({ groupId: `${t(ctx.locale, 'group')}: ${t(ctx.locale, 'errMissing')}` });

export const server: ModuleServer<Settings, LinksTables> = {
	async load(ctx) {
		return { groups: await listGroups(ctx.data), settings: ctx.settings };
	},

	async widget(ctx) {
		const links = (await listGroups(ctx.data)).flatMap((g) => g.links);
		return { links: links.slice(0, ctx.settings.widgetCount) };
	},

	api: {
		links: {
			permission: 'public',
			byId: true,
			summary: "The village's link groups with their links; with an id, one link",
			output: groupsOutput,
			async run(ctx, { id }) {
				if (id === null) return { groups: await listGroups(ctx.data) };
				const link = await findLink(ctx.data, id);
				return link && { id: link.id, groupId: link.groupId, title: link.title, url: link.url, description: link.description, icon: link.icon };
			}
		}
	},

	actions: {
		addGroup: action({
			permission: EDIT,
			input: groupSchema,
			api: { method: 'POST', path: 'groups' },
			summary: 'Add a group (at the end)',
			output: createdOutput,
			async run(ctx, input) {
				const id = newId();
				const position = (await groupIds(ctx.data)).length;
				await ctx.data.insertInto('linksGroups').values({ id, name: input.name, position, createdAt: Date.now() }).execute();
				await ctx.audit({ action: 'links.group.add', targetType: 'links.group', targetId: id, data: { name: input.name } });
				return { ok: true, data: { id } };
			}
		}),

		renameGroup: action({
			permission: EDIT,
			input: renameGroupSchema,
			api: { method: 'PATCH', path: 'groups', id: 'groupId' },
			summary: 'Rename a group',
			async run(ctx, input) {
				const res = await ctx.data.updateTable('linksGroups').set({ name: input.name }).where('id', '=', input.groupId).executeTakeFirst();
				if (Number(res.numUpdatedRows) === 0) return missing(t(ctx.locale, 'errMissing'));
				await ctx.audit({ action: 'links.group.rename', targetType: 'links.group', targetId: input.groupId, data: { name: input.name } });
				return { ok: true };
			}
		}),

		deleteGroup: action({
			permission: EDIT,
			input: groupIdSchema,
			api: { method: 'DELETE', path: 'groups', id: 'groupId' },
			summary: 'Delete a group with its links',
			async run(ctx, input) {
				const group = await findGroup(ctx.data, input.groupId);
				if (!group) return missing(t(ctx.locale, 'errMissing'));
				await ctx.data.deleteFrom('linksGroups').where('id', '=', group.id).execute();
				await ctx.audit({ action: 'links.group.delete', targetType: 'links.group', targetId: group.id, data: { name: group.name } });
				return { ok: true };
			}
		}),

		moveGroup: action({
			permission: EDIT,
			input: moveSchema,
			api: { method: 'POST', path: 'move-group', id: 'id' },
			summary: 'Move a group one place up or down',
			async run(ctx, input) {
				const order = moved(await groupIds(ctx.data), input.id, input.direction);
				if (!order) return missing(t(ctx.locale, 'errMissing'));
				await renumber(ctx.data, 'linksGroups', order);
				await ctx.audit({ action: 'links.group.move', targetType: 'links.group', targetId: input.id, data: { direction: input.direction } });
				return { ok: true, data: { moved: input.id } };
			}
		}),

		addLink: action({
			permission: EDIT,
			input: linkSchema,
			api: { method: 'POST', path: 'links' },
			summary: 'Add a link to a group (at the end)',
			output: createdOutput,
			async run(ctx, input) {
				if (!(await findGroup(ctx.data, input.groupId))) return noGroup(ctx);
				const id = newId();
				const now = Date.now();
				const position = (await linkIds(ctx.data, input.groupId)).length;
				await ctx.data
					.insertInto('linksItems')
					.values({ id, groupId: input.groupId, title: input.title, url: input.url, description: input.description ?? '', icon: input.icon, position, createdAt: now, updatedAt: now })
					.execute();
				await ctx.audit({ action: 'links.add', targetType: 'links.link', targetId: id, data: { title: input.title, url: input.url } });
				return { ok: true, data: { id } };
			}
		}),

		updateLink: action({
			permission: EDIT,
			input: updateLinkSchema,
			api: { method: 'PATCH', path: 'links', id: 'linkId' },
			summary: 'Change a link (all fields; a new group puts it at the end there)',
			output: linkOutput,
			async run(ctx, input) {
				const link = await findLink(ctx.data, input.linkId);
				if (!link) return missing(t(ctx.locale, 'errMissing'));
				if (!(await findGroup(ctx.data, input.groupId))) return noGroup(ctx);
				const position = link.groupId === input.groupId ? link.position : (await linkIds(ctx.data, input.groupId)).length;
				const next = { groupId: input.groupId, title: input.title, url: input.url, description: input.description ?? '', icon: input.icon };
				await ctx.data.updateTable('linksItems').set({ ...next, position, updatedAt: Date.now() }).where('id', '=', link.id).execute();
				await ctx.audit({ action: 'links.update', targetType: 'links.link', targetId: link.id, data: { title: input.title, url: input.url } });
				return { ok: true, data: { id: link.id, ...next } };
			}
		}),

		deleteLink: action({
			permission: EDIT,
			input: linkIdSchema,
			api: { method: 'DELETE', path: 'links', id: 'linkId' },
			summary: 'Delete a link',
			async run(ctx, input) {
				const link = await findLink(ctx.data, input.linkId);
				if (!link) return missing(t(ctx.locale, 'errMissing'));
				await ctx.data.deleteFrom('linksItems').where('id', '=', link.id).execute();
				await ctx.audit({ action: 'links.delete', targetType: 'links.link', targetId: link.id, data: { title: link.title } });
				return { ok: true };
			}
		}),

		moveLink: action({
			permission: EDIT,
			input: moveSchema,
			api: { method: 'POST', path: 'move-link', id: 'id' },
			summary: 'Move a link one place up or down in its group',
			async run(ctx, input) {
				const link = await findLink(ctx.data, input.id);
				if (!link) return missing(t(ctx.locale, 'errMissing'));
				const order = moved(await linkIds(ctx.data, link.groupId), link.id, input.direction)!;
				await renumber(ctx.data, 'linksItems', order);
				await ctx.audit({ action: 'links.move', targetType: 'links.link', targetId: link.id, data: { direction: input.direction } });
				const position = order.indexOf(link.id) + 1;
				return { ok: true, data: { moved: link.id, announce: t(ctx.locale, 'moved', { title: link.title, position }) } };
			}
		}),

		reorderLinks: action({
			permission: EDIT,
			input: reorderSchema,
			api: { method: 'POST', path: 'reorder', id: 'groupId' },
			summary: "Put a group's links in a new order (all of its link ids, each once)",
			async run(ctx, input) {
				const current = await linkIds(ctx.data, input.groupId);
				// The new order must be exactly this group's links, each once.
				const same = input.order.length === current.length && new Set(input.order).size === current.length && input.order.every((id) => current.includes(id));
				if (!same) return invalid({ order: `${t(ctx.locale, 'order')}: ${t(ctx.locale, 'errOrder')}` });
				await renumber(ctx.data, 'linksItems', input.order);
				await ctx.audit({ action: 'links.reorder', targetType: 'links.group', targetId: input.groupId, data: { order: input.order } });
				return { ok: true };
			}
		})
	}
};
