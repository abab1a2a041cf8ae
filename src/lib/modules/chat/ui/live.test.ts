// The room page's bookkeeping: merging live messages by id and rev, day separators, clientIds, first words.
import { describe, expect, it } from 'vitest';
import { dayLabel, firstWords, mergeMessages, newClientId, readRoomEvent, startsDay, type ShownMessage } from './live';

const msg = (id: string, seq: number, rev: number, extra: Partial<ShownMessage> = {}): ShownMessage => ({
	id, seq, rev, authorId: 'u1', authorName: 'Anna', html: `<p>${id}</p>`, image: null, replyTo: null, reply: null, editedAt: null, deleted: false, removedReason: null, createdAt: Date.UTC(2026, 4, 1, 10), reactions: [], ...extra
});

describe('mergeMessages', () => {
	it('keeps per id the state with the highest rev and orders by seq', () => {
		const list = [msg('a', 1, 1), msg('b', 2, 2)];
		const merged = mergeMessages(list, [msg('c', 3, 5), msg('a', 1, 4, { deleted: true }), msg('b', 2, 1, { html: 'old' })]);
		expect(merged.map((m) => [m.id, m.rev])).toEqual([['a', 4], ['b', 2], ['c', 5]]);
		expect(merged[0]!.deleted).toBe(true);
		expect(merged[1]!.html).toBe('<p>b</p>');
	});
	it('returns the same list when nothing is newer (no redraw for a repeated event)', () => {
		const list = [msg('a', 1, 3)];
		expect(mergeMessages(list, [msg('a', 1, 3), msg('a', 1, 2)])).toBe(list);
	});
	it('orders a late event with a lower seq into its place', () => {
		expect(mergeMessages([msg('b', 2, 2), msg('c', 3, 3)], [msg('a', 1, 4)]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
	});
});

describe('day separators', () => {
	const words = { today: 'Heute', yesterday: 'Gestern' };
	const now = Date.UTC(2026, 2, 30, 10); // 30 March 2026, the day after the change to summer time
	it('says today, yesterday, else the date (Europe/Berlin)', () => {
		expect(dayLabel(Date.UTC(2026, 2, 29, 22, 30), 'de', words, now)).toBe('Heute'); // 00:30 in Berlin
		expect(dayLabel(Date.UTC(2026, 2, 29, 21, 30), 'de', words, now)).toBe('Gestern'); // 23:30 in Berlin
		expect(dayLabel(Date.UTC(2026, 2, 27, 12), 'de', words, now)).toBe('Freitag, 27. März 2026');
		expect(dayLabel(Date.UTC(2026, 2, 27, 12), 'en', words, now)).toMatch(/^Friday,? 27 March 2026$/);
	});
	it('starts a day at the first message and where the Berlin date changes', () => {
		const list = [msg('a', 1, 1, { createdAt: Date.UTC(2026, 4, 1, 21) }), msg('b', 2, 2, { createdAt: Date.UTC(2026, 4, 1, 21, 30) }), msg('c', 3, 3, { createdAt: Date.UTC(2026, 4, 1, 22, 5) })];
		expect(list.map((_, i) => startsDay(list, i))).toEqual([true, false, true]);
	});
});

describe('events, ids and words', () => {
	it('reads a message event and a large stub, and nothing else', () => {
		expect(readRoomEvent({ kind: 'message', rev: 3, message: msg('a', 1, 3) })).toMatchObject({ rev: 3, message: { id: 'a' } });
		expect(readRoomEvent({ kind: 'message', rev: 4, id: 'a', seq: 1, large: true })).toEqual({ kind: 'message', rev: 4, id: 'a', seq: 1, large: true });
		expect(readRoomEvent({ kind: 'typing', rev: 4 })).toBeNull();
		expect(readRoomEvent({ kind: 'message', rev: 4, message: { id: 'a' } })).toBeNull();
		expect(readRoomEvent(null)).toBeNull();
	});
	it('makes clientIds the server accepts, each new', () => {
		const a = newClientId();
		expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
		expect(newClientId()).not.toBe(a);
	});
	it('gives the first words of the HTML as text', () => {
		expect(firstWords('<p>Moin &amp; <strong>hallo</strong></p><p>zweite Zeile</p>')).toBe('Moin & hallo zweite Zeile');
		expect(firstWords(`<p>${'a'.repeat(100)}</p>`, 10)).toBe('aaaaaaaaa…');
		expect(firstWords('<p>den <strong>Dorfputz</strong>?<br>Ja</p>')).toBe('den Dorfputz? Ja');
	});
});
