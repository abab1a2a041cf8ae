// The room page's bookkeeping in the browser, as plain functions (tested in live.test.ts): merging the messages
// that arrive live into the list, the day separators, a fresh clientId per message, and the first words of a
// message for the live region. The page (Room.svelte) wires these to the realtime client.
import { roomEventSchema, type RoomEventWire, type ShownMessageWire } from '../protocol';

/** A message as the room shows it: the schema's shape (protocol.ts), the same as the server's ShownMessage. */
export type ShownMessage = ShownMessageWire;

/** A room event as the channel sends it (events.ts): the whole message, or a stub for a large one. */
export type RoomEvent = RoomEventWire;

/** Reads an event of the room channel with the channel's schema (protocol.ts); null for anything that does not fit. */
export function readRoomEvent(event: unknown): RoomEvent | null {
	const parsed = roomEventSchema.safeParse(event);
	return parsed.success ? parsed.data : null;
}

/**
 * The list with `incoming` merged in: per message id the state with the highest rev wins, the list is ordered by
 * seq. Returns the same array when nothing changed (so the page does not redraw for an old event).
 */
export function mergeMessages(list: ShownMessage[], incoming: ShownMessage[]): ShownMessage[] {
	const byId = new Map(list.map((m) => [m.id, m]));
	let changed = false;
	for (const m of incoming) {
		const known = byId.get(m.id);
		if (known && known.rev >= m.rev) continue;
		byId.set(m.id, m);
		changed = true;
	}
	if (!changed) return list;
	return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The calendar day of a moment in the county's time zone, "2026-05-01". */
export function berlinDay(ms: number): string {
	return new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

/** The separator above the first message of a day: "Heute", "Gestern" or the date ("Montag, 3. März 2026"). */
export function dayLabel(ms: number, locale: 'de' | 'en', words: { today: string; yesterday: string }, now = Date.now()): string {
	const day = berlinDay(ms);
	if (day === berlinDay(now)) return words.today;
	// yesterday: the day before today's noon, also across a change of summer time
	const noon = new Date(`${berlinDay(now)}T12:00:00Z`).getTime();
	if (day === berlinDay(noon - 24 * 3600 * 1000)) return words.yesterday;
	return new Date(ms).toLocaleDateString(locale === 'en' ? 'en-GB' : 'de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });
}

/** Whether a message starts a new day in the list (the first one always does). */
export function startsDay(list: ShownMessage[], index: number): boolean {
	return index === 0 || berlinDay(list[index]!.createdAt) !== berlinDay(list[index - 1]!.createdAt);
}

/** A fresh id for a message being sent: a resend with it is answered with the first message, not posted twice. */
export function newClientId(): string {
	return crypto.randomUUID().replaceAll('-', '');
}

/** The first words of a message's HTML as plain text, for the live region ("Neue Nachricht von Anna: Moin …"). */
export function firstWords(html: string, length = 60): string {
	const text = html
		// the end of a block is a space, other tags (strong, a …) are nothing: "den <strong>Dorfputz</strong>?"
		.replace(/<\/(?:p|li|h[1-6]|blockquote|pre|div|ul|ol)>|<br\s*\/?>/gi, ' ')
		.replace(/<[^>]*>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}
