import { z } from 'zod';
import { ICONS } from '../types.ts';
import { text } from './messages.ts';

// Web addresses, phone numbers and e-mail addresses: javascript:, data:, file: and the like are refused (they
// could run code or mislead). A phone number is digits, "+" and spaces; an e-mail address one valid address.
const email = z.email();
export function isLinkUrl(value: string): boolean {
	if (/^tel:/i.test(value)) return /^tel:\+?[0-9][0-9 ]{2,30}$/i.test(value);
	if (/^mailto:/i.test(value)) return email.safeParse(value.slice('mailto:'.length)).success;
	try {
		const u = new URL(value);
		return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
	} catch {
		return false;
	}
}

export const linkUrl = z.string().trim().max(2000).refine(isLinkUrl, 'errUrl');

const id = z.string().min(1).max(64);

export const settingsSchema = z.object({
	title: z.string().trim().min(1).max(60).default('Wichtige Links').meta({ label: text.settingTitle }),
	widgetCount: z.coerce.number().int().min(1).max(12).default(4).meta({ label: text.settingWidgetCount }),
	showDescriptions: z.boolean().default(true).meta({ label: text.settingShowDescriptions })
});

export const groupSchema = z.object({ name: z.string().trim().min(1).max(60) });
export const renameGroupSchema = groupSchema.extend({ groupId: id });
export const groupIdSchema = z.object({ groupId: id });
export const linkSchema = z.object({
	groupId: id,
	title: z.string().trim().min(1).max(80),
	url: linkUrl,
	description: z.string().trim().max(300).optional(),
	icon: z.enum(ICONS).default('link')
});
export const updateLinkSchema = linkSchema.extend({ linkId: id });
export const linkIdSchema = z.object({ linkId: id });
export const moveSchema = z.object({ id, direction: z.enum(['up', 'down']) });
/** the new order of one group's links after a drag: comma-separated ids (form) or an array (JSON) */
export const reorderSchema = z.object({ groupId: id, order: z.union([z.array(id).max(500), z.string().max(20_000).transform((s) => s.split(',').filter(Boolean))]) });

// What the JSON API answers (documented in OpenAPI).
const link = z.object({ id: z.string(), title: z.string(), url: z.string(), description: z.string(), icon: z.string() });
export const groupsOutput = z.object({ groups: z.array(z.object({ id: z.string(), name: z.string(), links: z.array(link) })) }).meta({ id: 'LinksGroups' });
export const linkOutput = link.extend({ groupId: z.string() }).meta({ id: 'LinksLink' });
export const createdOutput = z.object({ id: z.string().describe('UUIDv7 of the new entry') });

// What "Rückgängig" gets back (server.undo): the rows as they were, with their ids and their place in the order.
const groupRow = z.object({ id, name: z.string().max(200), position: z.number().int(), createdAt: z.number() });
const linkRow = z.object({ id, groupId: id, title: z.string().max(200), url: z.string().max(2000), description: z.string().max(1000), icon: z.string().max(40), position: z.number().int(), createdAt: z.number(), updatedAt: z.number() });
export const groupUndoSchema = z.object({ group: groupRow, index: z.number().int().min(0), links: z.array(linkRow).max(10_000) });
export const linkUndoSchema = z.object({ link: linkRow, index: z.number().int().min(0), groupName: z.string().max(200) });
