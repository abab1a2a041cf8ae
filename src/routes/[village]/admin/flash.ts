import * as m from '$lib/paraglide/messages.js';

// The messages the village administration's pages show after a form saved: the `saved` key of the redirect
// ($lib/server/http/flash.ts) → its text. An unknown key says "Gespeichert."
const MESSAGES: Record<string, () => string> = {
	invited: () => m.admin_saved_invited(),
	withdrawn: () => m.invitations_withdrawn(),
	role: () => m.admin_saved_role(),
	removed: () => m.admin_saved_removed(),
	approved: () => m.admin_saved_approved(),
	declined: () => m.admin_saved_declined(),
	clubCreated: () => m.admin_saved_club_created(),
	clubDeleted: () => m.admin_saved_club_deleted()
};

export const savedMessage = (key: string): string => (Object.hasOwn(MESSAGES, key) ? MESSAGES[key]!() : m.saved());
