// Undo by snapshot (docs/decisions/014-undo-by-snapshot.md). A command that deletes something keeps what went —
// the rows with their ids — as one entry, in the same transaction as the delete; "Rückgängig" puts exactly those
// rows back (restore.ts) within the window, once, for the person who deleted it or an admin of the village.
import type { Locale, Localized } from '../../modules/types.ts';
import type { Db } from '../db/index.ts';
import type { UndoEntriesTable } from '../db/types.ts';
import { newId } from '../ids.ts';
import { can, type Actor } from '../policy/index.ts';
import type { Tenant } from '../tenancy/tenants.ts';

/** How long a deletion can be undone: long enough to notice a slip, short enough that nothing else built on the gap. */
export const UNDO_WINDOW_MS = 30 * 60_000;

/** An undo id as it may arrive in a URL or form: anything else is simply not found. */
export const UNDO_ID = /^[0-9a-f-]{36}$/;

export type UndoEntry = UndoEntriesTable;

/** Keeps a snapshot of what a delete removed; call it in the delete's transaction. Answers the entry's id. */
export async function recordUndo(
	trx: Db,
	args: { tenantId: string; actorId: string | null; moduleId?: string | null; kind: string; label: Localized; payload: unknown; now?: number }
): Promise<string> {
	const now = args.now ?? Date.now();
	const id = newId(now);
	await trx
		.insertInto('undoEntries')
		.values({
			id,
			tenantId: args.tenantId,
			actorId: args.actorId,
			moduleId: args.moduleId ?? null,
			kind: args.kind,
			label: JSON.stringify({ de: args.label.de, en: args.label.en }),
			payload: JSON.stringify(args.payload),
			createdAt: now,
			expiresAt: now + UNDO_WINDOW_MS,
			undoneAt: null,
			undoneBy: null
		})
		.execute();
	return id;
}

/** One entry of this village (another village's id is not found). */
export async function findUndo(db: Db, villageId: string, id: string): Promise<UndoEntry | undefined> {
	if (!UNDO_ID.test(id)) return undefined;
	return db.selectFrom('undoEntries').selectAll().where('tenantId', '=', villageId).where('id', '=', id).executeTakeFirst();
}

/** Who may undo: the person who deleted it, or an admin of the village (also inherited from above). */
export function mayUndo(actor: Actor, entry: Pick<UndoEntry, 'actorId'>, village: Tenant): boolean {
	if (actor.userId === null) return false;
	return (entry.actorId !== null && entry.actorId === actor.userId && !actor.token) || can(actor, 'tenant.administer', village);
}

/** The entry's label in a language. */
export function undoLabel(entry: Pick<UndoEntry, 'label'>, locale: Locale): string {
	try {
		const label = JSON.parse(entry.label) as Partial<Localized>;
		return (typeof label[locale] === 'string' ? label[locale] : label.de) ?? '';
	} catch {
		return '';
	}
}

/** What the UndoNotice shows after a redirect: a deletion that can still be undone, or one that was. */
export interface UndoNotice {
	id: string;
	label: string;
	state: 'deleted' | 'restored';
	/** the end of the window (epoch ms) */
	expiresAt: number;
}

/**
 * The notice for the page a delete (`?undo=<id>`) or a restore (`?restored=<id>`) redirected to, when the actor
 * may see it; null otherwise (no notice, never an error: the address may be old or shared).
 */
export async function undoNoticeFor(db: Db, args: { url: URL; village: Tenant; actor: Actor; locale: Locale; now?: number }): Promise<UndoNotice | null> {
	const deleted = args.url.searchParams.get('undo');
	const restored = args.url.searchParams.get('restored');
	const id = deleted ?? restored;
	if (!id) return null;
	const entry = await findUndo(db, args.village.id, id);
	if (!entry || !mayUndo(args.actor, entry, args.village)) return null;
	const now = args.now ?? Date.now();
	if (deleted !== null) {
		if (entry.undoneAt !== null || entry.expiresAt <= now) return null;
		return { id: entry.id, label: undoLabel(entry, args.locale), state: 'deleted', expiresAt: Number(entry.expiresAt) };
	}
	if (entry.undoneAt === null) return null;
	return { id: entry.id, label: undoLabel(entry, args.locale), state: 'restored', expiresAt: Number(entry.expiresAt) };
}

/** Housekeeping: entries past their window are of no use and hold deleted data; they go. */
export async function purgeUndo(db: Db, now = Date.now()): Promise<number> {
	return Number((await db.deleteFrom('undoEntries').where('expiresAt', '<', now).executeTakeFirst()).numDeletedRows);
}

/** A path on the village's app to go back to after a restore; anything else (another site, another village) is refused. */
export function safeReturnPath(village: Pick<Tenant, 'slug'>, next: string | null | undefined): string {
	const home = `/${village.slug}/`;
	if (!next || next.length > 500 || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return home;
	if (next !== `/${village.slug}` && !next.startsWith(home)) return home;
	try {
		const u = new URL(next, 'http://x');
		if (u.host !== 'x') return home;
		return u.pathname;
	} catch {
		return home;
	}
}

/** The address a deletion redirects to: the page, with the notice's `?undo=<id>`. */
export function withUndo(path: string, undoId: string): string {
	return `${path}${path.includes('?') ? '&' : '?'}undo=${encodeURIComponent(undoId)}`;
}
