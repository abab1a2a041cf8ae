// The village chat (Dorf-Chat): thematic rooms of the village, open to its members, to one club's members, or
// for announcements; real time over the core's one WebSocket, resumable by the room's rev; moderated by the
// village. The rules are in rules.ts, rooms.ts, posting.ts, reading.ts and moderation.ts; server.ts wires them.
import { defineModule, newId } from '../../server/moduleApi.ts';
import { auditActions } from './audit.ts';
import { text } from './messages.ts';
import * as m001 from './migrations/001_chat.ts';
import type { ChatTables } from './queries.ts';
import { MODERATE, READ } from './rules.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

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
	pages: [
		{ path: '', component: 'Page', title: text.name, permission: READ },
		{ path: 'new', component: 'RoomForm', title: text.newRoom, permission: MODERATE },
		{ path: 'moderation', component: 'Moderation', title: text.moderation, permission: MODERATE },
		{ path: ':room', component: 'Room', title: text.room, permission: READ },
		{ path: ':room/settings', component: 'RoomForm', title: text.roomSettings, permission: MODERATE },
		{ path: ':room/message/:messageId', component: 'Message', title: text.message, permission: READ }
	],
	migrations: { '001_chat': m001 },
	tables: ['chatRooms', 'chatMessages', 'chatMembers', 'chatMutes', 'chatReactions', 'chatMentions', 'chatReports', 'chatBans', 'chatBlocks'],
	pushTopics: [{ id: 'mentions', name: text.topicMentions }],
	// a deleted account: its messages stay as "deleted account" (like comments elsewhere), everything that only
	// concerns the person goes (memberships of rooms, reactions, mentions, mutes, bans, blocks)
	personal: [
		{ table: 'chatMessages', column: 'authorId', onAccountDeleted: 'anonymise' },
		{ table: 'chatMessages', column: 'removedBy', onAccountDeleted: 'anonymise' },
		{ table: 'chatRooms', column: 'createdBy', onAccountDeleted: 'anonymise' },
		{ table: 'chatMembers', column: 'userId', onAccountDeleted: 'delete' },
		{ table: 'chatReactions', column: 'userId', onAccountDeleted: 'delete' },
		{ table: 'chatMentions', column: 'userId', onAccountDeleted: 'delete' },
		{ table: 'chatReports', column: 'reporterId', onAccountDeleted: 'anonymise' },
		{ table: 'chatReports', column: 'resolvedBy', onAccountDeleted: 'anonymise' },
		{ table: 'chatMutes', column: 'userId', onAccountDeleted: 'delete' },
		{ table: 'chatMutes', column: 'by', onAccountDeleted: 'anonymise' },
		{ table: 'chatBans', column: 'userId', onAccountDeleted: 'delete' },
		{ table: 'chatBans', column: 'by', onAccountDeleted: 'anonymise' },
		{ table: 'chatBlocks', column: 'userId', onAccountDeleted: 'delete' },
		{ table: 'chatBlocks', column: 'blockedUserId', onAccountDeleted: 'delete', inExport: false }
	],
	fieldLabels: { name: text.fieldName, slug: text.fieldSlug, description: text.fieldDescription, rules: text.fieldRules, kind: text.fieldKind, clubId: text.fieldClubId, body: text.fieldBody, replyTo: text.fieldReplyTo, emoji: text.fieldEmoji, reason: text.fieldReason, until: text.fieldUntil, query: text.fieldQuery, clientId: text.fieldClientId, imageId: text.fieldImage, imageAlt: text.fieldImageAlt, userId: text.fieldUserId },
	messages: { errEmpty: text.errEmpty },
	auditActions,
	server,
	async seed({ data }) {
		const now = Date.now();
		const rooms = [
			{ name: 'Allgemein', slug: 'allgemein', kind: 'open', description: 'Alles, was das Dorf bewegt.', rules: 'Freundlich bleiben, keine Werbung, keine persönlichen Daten anderer.' },
			{ name: 'Biete/Suche', slug: 'biete-suche', kind: 'open', description: 'Verschenken, verleihen, suchen: unter Nachbarn.', rules: 'Kein gewerblicher Verkauf. Erledigtes bitte als erledigt markieren.' },
			{ name: 'Spielplatz-Eltern', slug: 'spielplatz-eltern', kind: 'open', description: 'Verabredungen und Fragen rund um den Spielplatz.', rules: 'Keine Fotos von Kindern.' },
			{ name: 'Ankündigungen', slug: 'ankuendigungen', kind: 'announcements', description: 'Mitteilungen der Dorfverwaltung. Hier schreibt nur das Dorf-Team.', rules: '' }
		] as const;
		for (const room of rooms) {
			await data
				.insertInto('chatRooms')
				.values({ id: newId(), ...room, clubId: null, archivedAt: null, lockedAt: null, holdNewAccounts: 0, lastSeq: 0, lastRev: 0, createdBy: null, createdAt: now, updatedAt: now })
				.execute();
		}
	}
});
