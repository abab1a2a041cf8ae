import type { z } from 'zod';
import { actionFor, invalid, missing, newId, type ModuleActionResult, type ModuleContext, type ModuleServer } from '../../server/moduleApi.ts';
import { opensText, t, text } from './messages.ts';
import { findGroup, findLink, groupIds, groupNameTaken, linkIds, listGroups, type LinksData, type LinksTables } from './queries.ts';
import {
	createdOutput,
	groupIdSchema,
	groupSchema,
	groupsOutput,
	groupUndoSchema,
	linkIdSchema,
	linkOutput,
	linkSchema,
	linkUndoSchema,
	moveSchema,
	renameGroupSchema,
	reorderSchema,
	type settingsSchema,
	updateLinkSchema
} from './schemas.ts';

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

/**
 * When a new order differs from the old one by one item taken out and put in elsewhere: that item and which way
 * it went; null when nothing or more than one item moved.
 */
export function movedOne(before: string[], after: string[]): { id: string; direction: 'up' | 'down' } | null {
	let i = 0;
	while (i < before.length && before[i] === after[i]) i++;
	let j = before.length - 1;
	while (j > i && before[j] === after[j]) j--;
	if (i >= j) return null;
	const up = after[i] === before[j] && before.slice(i, j).every((id, k) => after[i + 1 + k] === id);
	if (up) return { id: before[j]!, direction: 'up' };
	const down = after[j] === before[i] && before.slice(i + 1, j + 1).every((id, k) => after[i + k] === id);
	return down ? { id: before[i]!, direction: 'down' } : null;
}

const noGroup = (ctx: Ctx) => invalid({ groupId: `${t(ctx.locale, 'group')}: ${t(ctx.locale, 'errMissing')}` });
/** Two groups of one village never share a name (case aside): people pick a group by its name. */
const nameTaken = (ctx: Ctx): ModuleActionResult => ({ ok: false, status: 409, errors: { name: `${t(ctx.locale, 'groupName')}: ${t(ctx.locale, 'errGroupExists')}` } });
const clash = (field: string, message: string): ModuleActionResult => ({ ok: false, status: 409, errors: { [field]: message } });
/** A text in both languages, for what outlives the request (the undo notice is read in either). */
const both = (key: keyof typeof text, values: Record<string, string | number>) => ({ de: t('de', key, values), en: t('en', key, values) });
const groupLabel = (name: string, count: number) => both(count === 0 ? 'labelGroup0' : count === 1 ? 'labelGroup1' : 'labelGroupN', { name, count });

/** Puts an id back at its old place in an order (or at the end, when the order got shorter meanwhile). */
function insertAt(ids: string[], id: string, index: number): string[] {
	const next = ids.filter((x) => x !== id);
	next.splice(Math.min(index, next.length), 0, id);
	return next;
}

/** The groups with their links; an empty group only for those who can fill it (the public sees no empty heading). */
async function visibleGroups(ctx: Ctx) {
	const groups = await listGroups(ctx.data);
	return ctx.can(EDIT) ? groups : groups.filter((g) => g.links.length > 0);
}

export const server: ModuleServer<Settings, LinksTables> = {
	async load(ctx) {
		return { groups: await visibleGroups(ctx), settings: ctx.settings };
	},

	async widget(ctx) {
		const links = (await listGroups(ctx.data)).flatMap((g) => g.links).slice(0, ctx.settings.widgetCount);
		// the words come with the data, so that the home page loads none of the module's texts
		return {
			links: links.map((l) => ({ ...l, opens: opensText(ctx.locale, l.url) })),
			texts: { empty: t(ctx.locale, 'empty'), all: t(ctx.locale, 'all') }
		};
	},

	api: {
		links: {
			permission: 'public',
			byId: true,
			summary: "The village's link groups with their links; with an id, one link",
			output: groupsOutput,
			async run(ctx, { id }) {
				if (id === null) return { groups: await visibleGroups(ctx) };
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
				if (await groupNameTaken(ctx.data, input.name)) return nameTaken(ctx);
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
				if (await groupNameTaken(ctx.data, input.name, input.groupId)) return nameTaken(ctx);
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
			summary: 'Delete a group with its links (can be undone for 30 minutes)',
			async run(ctx, input) {
				const group = await findGroup(ctx.data, input.groupId);
				if (!group) return missing(t(ctx.locale, 'errMissing'));
				// what goes, with ids and places, for "Rückgängig"
				const index = (await groupIds(ctx.data)).indexOf(group.id);
				const links = await ctx.data.selectFrom('linksItems').selectAll().where('groupId', '=', group.id).orderBy('position').orderBy('createdAt').execute();
				await ctx.data.deleteFrom('linksItems').where('groupId', '=', group.id).execute();
				await ctx.data.deleteFrom('linksGroups').where('id', '=', group.id).execute();
				await ctx.offerUndo({ kind: 'group', label: groupLabel(group.name, links.length), payload: { group, index, links } });
				await ctx.audit({ action: 'links.group.delete', targetType: 'links.group', targetId: group.id, data: { name: group.name, links: links.length } });
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
				const group = await findGroup(ctx.data, input.id);
				await ctx.audit({ action: 'links.group.move', targetType: 'links.group', targetId: input.id, data: { name: group?.name, direction: input.direction } });
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
				if (!link) return missing(t(ctx.locale, 'errGoneWhileEditing'));
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
			summary: 'Delete a link (can be undone for 30 minutes)',
			async run(ctx, input) {
				const link = await findLink(ctx.data, input.linkId);
				if (!link) return missing(t(ctx.locale, 'errMissing'));
				const index = (await linkIds(ctx.data, link.groupId)).indexOf(link.id);
				const groupName = (await findGroup(ctx.data, link.groupId))?.name ?? '';
				await ctx.data.deleteFrom('linksItems').where('id', '=', link.id).execute();
				await ctx.offerUndo({ kind: 'link', label: both('labelLink', { title: link.title }), payload: { link, index, groupName } });
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
				await ctx.audit({ action: 'links.move', targetType: 'links.link', targetId: link.id, data: { title: link.title, direction: input.direction } });
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
				// The history names what changed: the one link that moved and which way, or else the group.
				const group = await findGroup(ctx.data, input.groupId);
				const step = movedOne(current, input.order);
				const link = step && (await findLink(ctx.data, step.id));
				const told = link ? { title: link.title, direction: step.direction } : {};
				await ctx.audit({ action: 'links.reorder', targetType: 'links.group', targetId: input.groupId, data: { group: group?.name, ...told, order: input.order } });
				return { ok: true };
			}
		})
	},

	// "Rückgängig" after deleteGroup and deleteLink: the same rows, ids and places again, unless what happened since
	// clashes (a group of that name exists again; the link's group is gone). The core checks who asks and when.
	undo: {
		group: {
			permission: EDIT,
			payload: groupUndoSchema,
			async restore(ctx, { group, index, links }: z.infer<typeof groupUndoSchema>) {
				if (await findGroup(ctx.data, group.id)) return clash('name', t(ctx.locale, 'errAlreadyBack'));
				if (await groupNameTaken(ctx.data, group.name)) return clash('name', `${t(ctx.locale, 'groupName')}: ${t(ctx.locale, 'errGroupBack', { name: group.name })}`);
				await ctx.data.insertInto('linksGroups').values(group).execute();
				const own = links.filter((l) => l.groupId === group.id);
				if (own.length) await ctx.data.insertInto('linksItems').values(own).execute();
				await renumber(ctx.data, 'linksGroups', insertAt(await groupIds(ctx.data), group.id, index));
				return { ok: true };
			}
		},
		link: {
			permission: EDIT,
			payload: linkUndoSchema,
			async restore(ctx, { link, index, groupName }: z.infer<typeof linkUndoSchema>) {
				if (await findLink(ctx.data, link.id)) return clash('linkId', t(ctx.locale, 'errAlreadyBack'));
				if (!(await findGroup(ctx.data, link.groupId))) return clash('groupId', `${t(ctx.locale, 'group')}: ${t(ctx.locale, 'errGroupGone', { name: groupName })}`);
				await ctx.data.insertInto('linksItems').values(link).execute();
				await renumber(ctx.data, 'linksItems', insertAt(await linkIds(ctx.data, link.groupId), link.id, index));
				return { ok: true };
			}
		}
	}
};
