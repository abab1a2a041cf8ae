// The village chat's manifest: its tables, migration, permissions and how the history tells its moderation.
// This is the data layer only; pages, actions and the realtime channel come in the next step, and only then is
// the module listed in registry.ts (its tests run the migration themselves until then).
import { defineModule, type Localized } from '../../server/moduleApi.ts';
import { text } from './messages.ts';
import * as m001 from './migrations/001_chat.ts';
import type { ChatTables } from './queries.ts';
import { MODERATE, READ } from './rules.ts';
import { settingsSchema } from './schemas.ts';

const sentence = (label: Localized, de: string, en: string) => ({ label, sentence: { de, en } });

export default defineModule<typeof settingsSchema, ChatTables>({
	id: 'chat',
	name: text.name,
	description: text.description,
	icon: 'chat',
	settings: settingsSchema,
	publicSettings: [],
	permissions: [
		{ id: READ, role: 'member', description: text.permRead },
		{ id: MODERATE, role: 'moderator', description: text.permModerate }
	],
	pages: [],
	migrations: { '001_chat': m001 },
	tables: ['chatRooms', 'chatMessages', 'chatMembers', 'chatMutes', 'chatReactions', 'chatMentions', 'chatReports', 'chatBans', 'chatBlocks'],
	pushTopics: [],
	fieldLabels: { name: text.fieldName, slug: text.fieldSlug, description: text.fieldDescription, rules: text.fieldRules, kind: text.fieldKind, clubId: text.fieldClubId, body: text.fieldBody, replyTo: text.fieldReplyTo, emoji: text.fieldEmoji, reason: text.fieldReason, until: text.fieldUntil, query: text.fieldQuery },
	auditActions: {
		'chat.room.create': sentence({ de: 'Chat-Raum angelegt', en: 'chat room created' }, '{who} hat den Chat-Raum ‚{name}‘ angelegt', '{who} created the chat room ‘{name}’'),
		'chat.room.update': sentence({ de: 'Chat-Raum geändert', en: 'chat room changed' }, '{who} hat den Chat-Raum ‚{name}‘ geändert', '{who} changed the chat room ‘{name}’'),
		'chat.room.archive': sentence({ de: 'Chat-Raum archiviert', en: 'chat room archived' }, '{who} hat den Chat-Raum ‚{name}‘ archiviert', '{who} archived the chat room ‘{name}’'),
		'chat.room.unarchive': sentence({ de: 'Chat-Raum zurückgeholt', en: 'chat room restored' }, '{who} hat den Chat-Raum ‚{name}‘ aus dem Archiv geholt', '{who} brought the chat room ‘{name}’ back from the archive'),
		'chat.room.lock': sentence({ de: 'Chat-Raum gesperrt', en: 'chat room locked' }, '{who} hat den Chat-Raum ‚{name}‘ gesperrt', '{who} locked the chat room ‘{name}’'),
		'chat.room.unlock': sentence({ de: 'Chat-Raum entsperrt', en: 'chat room unlocked' }, '{who} hat den Chat-Raum ‚{name}‘ entsperrt', '{who} unlocked the chat room ‘{name}’'),
		'chat.message.remove': sentence({ de: 'Nachricht entfernt', en: 'message removed' }, '{who} hat eine Nachricht in ‚{room}‘ entfernt (Grund: {reason})', '{who} removed a message in ‘{room}’ (reason: {reason})'),
		'chat.message.approve': sentence({ de: 'Nachricht freigegeben', en: 'message approved' }, '{who} hat eine Nachricht in ‚{room}‘ freigegeben', '{who} approved a message in ‘{room}’'),
		'chat.mute': sentence({ de: 'Person stummgeschaltet', en: 'person muted' }, '{who} hat eine Person in ‚{room}‘ stummgeschaltet (Grund: {reason})', '{who} muted a person in ‘{room}’ (reason: {reason})'),
		'chat.ban': sentence({ de: 'Person ausgeschlossen', en: 'person banned' }, '{who} hat eine Person vom Chat ausgeschlossen (Grund: {reason})', '{who} banned a person from the chat (reason: {reason})'),
		'chat.unban': sentence({ de: 'Ausschluss aufgehoben', en: 'ban lifted' }, '{who} hat einen Ausschluss vom Chat aufgehoben', '{who} lifted a ban from the chat'),
		'chat.report.resolve': sentence({ de: 'Meldung erledigt', en: 'report resolved' }, '{who} hat eine Meldung erledigt (Grund der Meldung: {reason})', '{who} resolved a report (reported for: {reason})')
	},
	server: {
		// no pages yet (see above)
		async load() {
			return {};
		}
	}
});
