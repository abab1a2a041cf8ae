// The village chat's manifest: its tables, migration, permissions and how the history tells its moderation.
// This is the data layer only; pages, actions and the realtime channel come in the next step, and only then is
// the module listed in registry.ts (its tests run the migration themselves until then).
import { defineModule } from '../../server/moduleApi.ts';
import { auditActions } from './audit.ts';
import { text } from './messages.ts';
import * as m001 from './migrations/001_chat.ts';
import type { ChatTables } from './queries.ts';
import { MODERATE, READ } from './rules.ts';
import { settingsSchema } from './schemas.ts';

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
	auditActions,
	server: {
		// no pages yet (see above)
		async load() {
			return {};
		}
	}
});
