// The chat module's texts, German first. Server code: t(ctx.locale, 'key', { values }).
import type { Locale, Localized } from '../../server/moduleApi.ts';

export const text = {
	name: { de: 'Dorf-Chat', en: 'Village chat' },
	description: { de: 'Gespräche in thematischen Räumen, moderiert vom Dorf.', en: 'Conversations in thematic rooms, moderated by the village.' },
	permRead: { de: 'Räume lesen und darin schreiben (Mitglieder des Dorfes)', en: 'Read rooms and write in them (members of the village)' },
	permModerate: { de: 'Räume anlegen und moderieren', en: 'Create and moderate rooms' },
	settingRateLimit: { de: 'Höchstens so viele Nachrichten pro Minute und Person', en: 'At most this many messages per minute and person' },
	fieldName: { de: 'Name des Raums', en: 'Room name' },
	fieldSlug: { de: 'Adresse des Raums', en: 'Room address' },
	fieldDescription: { de: 'Beschreibung', en: 'Description' },
	fieldRules: { de: 'Regeln', en: 'Rules' },
	fieldKind: { de: 'Art des Raums', en: 'Kind of room' },
	fieldClubId: { de: 'Verein', en: 'Club' },
	fieldBody: { de: 'Nachricht', en: 'Message' },
	fieldReplyTo: { de: 'Antwort auf', en: 'Reply to' },
	fieldEmoji: { de: 'Reaktion', en: 'Reaction' },
	fieldReason: { de: 'Grund', en: 'Reason' },
	fieldUntil: { de: 'Bis', en: 'Until' },
	fieldQuery: { de: 'Suche', en: 'Search' },
	errMissing: { de: 'Diesen Eintrag gibt es nicht (mehr).', en: 'This entry does not exist (any more).' },
	errNoAccess: { de: 'Diesen Raum können Sie nicht lesen.', en: 'You cannot read this room.' },
	errNotAllowed: { de: 'Das dürfen Sie hier nicht.', en: 'You may not do that here.' },
	errArchived: { de: 'Dieser Raum ist archiviert; man kann ihn nur noch lesen.', en: 'This room is archived; it can only be read.' },
	errLocked: { de: 'Dieser Raum ist gesperrt; gerade kann niemand schreiben.', en: 'This room is locked; nobody can write just now.' },
	errAnnouncements: { de: 'In diesem Raum schreiben nur die Moderation und die Verwaltung des Dorfes.', en: 'Only the village’s moderators and admins write in this room.' },
	errMuted: { de: 'Sie sind in diesem Raum bis {until} stummgeschaltet.', en: 'You are muted in this room until {until}.' },
	errBanned: { de: 'Sie sind vom Chat dieses Dorfes ausgeschlossen.', en: 'You are banned from this village’s chat.' },
	errRateLimited: { de: 'Sie schreiben gerade sehr viel. Bitte warten Sie eine Minute.', en: 'You are writing a lot just now. Please wait a minute.' },
	errSlugTaken: { de: 'Einen Raum mit dieser Adresse gibt es hier schon.', en: 'A room with this address exists here already.' },
	errClubMissing: { de: 'Bitte wählen Sie einen Verein dieses Dorfes.', en: 'Please choose a club of this village.' },
	errClubOnly: { de: 'Diesem Raum können nur Mitglieder des Vereins beitreten.', en: 'Only the club’s members can join this room.' },
	errReplyElsewhere: { de: 'Man kann nur auf eine Nachricht desselben Raums antworten.', en: 'You can only reply to a message in the same room.' },
	errNotOwn: { de: 'Sie können nur Ihre eigenen Nachrichten ändern.', en: 'You can only change your own messages.' },
	errGone: { de: 'Diese Nachricht wurde gelöscht oder entfernt.', en: 'This message was deleted or removed.' },
	errSelf: { de: 'Sich selbst kann man nicht blockieren.', en: 'You cannot block yourself.' },
	errResolved: { de: 'Diese Meldung ist schon erledigt.', en: 'This report is resolved already.' },
	errNotHeld: { de: 'Diese Nachricht wartet nicht auf Freigabe.', en: 'This message is not awaiting approval.' },
	errUntilPast: { de: 'Bitte wählen Sie einen Zeitpunkt in der Zukunft.', en: 'Please choose a time in the future.' },
	errClientIdUsed: { de: 'Diese Kennung gehört zu einer Nachricht in einem anderen Raum.', en: 'This id belongs to a message in another room.' },
	fieldClientId: { de: 'Kennung der Nachricht', en: 'Message id' },
	mentionTitle: { de: '{who} hat Sie in ‚{room}‘ erwähnt', en: '{who} mentioned you in ‘{room}’' },
	reportTitle: { de: 'Neue Meldung im Chat-Raum ‚{room}‘', en: 'New report in the chat room ‘{room}’' },
	topicMentions: { de: 'Wenn mich jemand im Chat erwähnt (nur angemeldet)', en: 'When someone mentions me in the chat (signed in only)' },
	errEmpty: { de: 'Bitte schreiben Sie etwas oder hängen Sie ein Bild an.', en: 'Please write something or attach a picture.' },
	errAltMissing: { de: 'Bitte beschreiben Sie das Bild in ein paar Worten (für Menschen, die es nicht sehen).', en: 'Please describe the picture in a few words (for people who cannot see it).' },
	errImage: { de: 'Dieses Bild gibt es nicht (mehr).', en: 'This picture does not exist (any more).' },
	fieldImage: { de: 'Bild', en: 'Picture' },
	fieldImageAlt: { de: 'Bildbeschreibung', en: 'Picture description' },
	errNoPerson: { de: 'Diese Person gibt es nicht (mehr).', en: 'This person does not exist (any more).' },
	fieldUserId: { de: 'Person', en: 'Person' },
	heldTitle: { de: 'Eine Nachricht in ‚{room}‘ wartet auf Freigabe', en: 'A message in ‘{room}’ is waiting for approval' },
	newRoom: { de: 'Neuer Raum', en: 'New room' },
	moderation: { de: 'Moderation', en: 'Moderation' },
	room: { de: 'Raum', en: 'Room' },
	roomSettings: { de: 'Raum bearbeiten', en: 'Edit room' },
	message: { de: 'Nachricht', en: 'Message' },
	errSlugReserved: { de: 'Diese Adresse ist nicht möglich. Bitte nehmen Sie eine andere.', en: 'This address is not possible. Please choose another.' }
} satisfies Record<string, Localized>;

export type TextKey = keyof typeof text;

/** The text in the locale, with {placeholders} filled in. */
export function t(locale: Locale, key: TextKey, values: Record<string, string | number> = {}): string {
	return text[key][locale].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
