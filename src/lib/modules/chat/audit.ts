// How the village's history tells the chat's moderation, and the one way the chat writes an audit entry.
// The action codes are typed: an entry can only name a code that has its sentence here, in both languages.
// (The core's scanner in audit/describe.test.ts reads codes from inline calls of ctx.audit with a literal action
// and looks their sentences up in registered modules; the chat is not registered yet, so it checks itself.)
import type { AuditActionText, Localized } from '../types.ts';
import type { ChatCtx } from './queries.ts';

const sentence = (label: Localized, de: string, en: string): AuditActionText => ({ label, sentence: { de, en } });

export const auditActions = {
	'chat.room.create': sentence({ de: 'Chat-Raum angelegt', en: 'chat room created' }, '{who} hat den Chat-Raum ‚{name}‘ angelegt', '{who} created the chat room ‘{name}’'),
	'chat.room.update': sentence({ de: 'Chat-Raum geändert', en: 'chat room changed' }, '{who} hat den Chat-Raum ‚{name}‘ geändert', '{who} changed the chat room ‘{name}’'),
	'chat.room.archive': sentence({ de: 'Chat-Raum archiviert', en: 'chat room archived' }, '{who} hat den Chat-Raum ‚{name}‘ archiviert', '{who} archived the chat room ‘{name}’'),
	'chat.room.unarchive': sentence({ de: 'Chat-Raum zurückgeholt', en: 'chat room restored' }, '{who} hat den Chat-Raum ‚{name}‘ aus dem Archiv geholt', '{who} brought the chat room ‘{name}’ back from the archive'),
	'chat.room.lock': sentence({ de: 'Chat-Raum gesperrt', en: 'chat room locked' }, '{who} hat den Chat-Raum ‚{name}‘ gesperrt', '{who} locked the chat room ‘{name}’'),
	'chat.room.unlock': sentence({ de: 'Chat-Raum entsperrt', en: 'chat room unlocked' }, '{who} hat den Chat-Raum ‚{name}‘ entsperrt', '{who} unlocked the chat room ‘{name}’'),
	'chat.message.remove': sentence({ de: 'Nachricht entfernt', en: 'message removed' }, '{who} hat eine Nachricht in ‚{room}‘ entfernt (Grund: {reason})', '{who} removed a message in ‘{room}’ (reason: {reason})'),
	'chat.message.approve': sentence({ de: 'Nachricht freigegeben', en: 'message approved' }, '{who} hat eine Nachricht in ‚{room}‘ freigegeben', '{who} approved a message in ‘{room}’'),
	'chat.mute': sentence({ de: 'Person stummgeschaltet', en: 'person muted' }, '{who} hat eine Person in ‚{room}‘ stummgeschaltet (Grund: {reason})', '{who} muted a person in ‘{room}’ (reason: {reason})'),
	'chat.unmute': sentence({ de: 'Stummschaltung aufgehoben', en: 'mute lifted' }, '{who} hat eine Stummschaltung in ‚{room}‘ aufgehoben', '{who} lifted a mute in ‘{room}’'),
	'chat.ban': sentence({ de: 'Person ausgeschlossen', en: 'person banned' }, '{who} hat eine Person vom Chat ausgeschlossen (Grund: {reason})', '{who} banned a person from the chat (reason: {reason})'),
	'chat.unban': sentence({ de: 'Ausschluss aufgehoben', en: 'ban lifted' }, '{who} hat einen Ausschluss vom Chat aufgehoben', '{who} lifted a ban from the chat'),
	'chat.report.resolve': sentence({ de: 'Meldung erledigt', en: 'report resolved' }, '{who} hat eine Meldung erledigt (Grund der Meldung: {reason})', '{who} resolved a report (reported for: {reason})')
} satisfies Record<string, AuditActionText>;

export type ChatAuditAction = keyof typeof auditActions;

/** Writes the entry in the caller's transaction (the action's): a refused or rolled-back act leaves none. */
export async function auditChat(ctx: Pick<ChatCtx, 'audit'>, entry: { action: ChatAuditAction; targetType: 'chat.room' | 'chat.message' | 'chat.user' | 'chat.report'; targetId: string; data?: Record<string, unknown> }): Promise<void> {
	await ctx.audit(entry);
}
