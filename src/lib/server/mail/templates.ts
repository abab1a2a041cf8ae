import * as m from '../../paraglide/messages.js';
import type { MailPayload } from './sendMail.ts';

type Locale = 'de' | 'en';

function asLocale(locale: string): Locale {
	return locale === 'en' ? 'en' : 'de';
}

/** The mail with the link that confirms an e-mail address. */
export function verifyEmailMail(args: { to: string; name: string; link: string; locale: string }): MailPayload {
	const locale = asLocale(args.locale);
	return { to: args.to, subject: m.mail_verify_subject({}, { locale }), text: m.mail_verify_body({ name: args.name, link: args.link }, { locale }) };
}

/** Sent when someone registers with an address that already has an account: no enumeration, a way back in. */
export function alreadyRegisteredMail(args: { to: string; link: string; locale: string }): MailPayload {
	const locale = asLocale(args.locale);
	return { to: args.to, subject: m.mail_exists_subject({}, { locale }), text: m.mail_exists_body({ link: args.link }, { locale }) };
}

/** The mail with the link that sets a new password. */
export function resetPasswordMail(args: { to: string; link: string; locale: string }): MailPayload {
	const locale = asLocale(args.locale);
	return { to: args.to, subject: m.mail_reset_subject({}, { locale }), text: m.mail_reset_body({ link: args.link }, { locale }) };
}

/** The invitation to a village, county or club, with the link to accept or decline it. */
export function invitationMail(args: { to: string; link: string; place: string; role: string; club?: boolean; inviter: string; locale: string }): MailPayload {
	const locale = asLocale(args.locale);
	const roles: Record<string, () => string> = {
		admin: () => (args.club ? m.club_role_admin({}, { locale }) : m.role_admin({}, { locale })),
		editor: () => m.role_editor({}, { locale }),
		moderator: () => m.role_moderator({}, { locale }),
		member: () => m.role_member({}, { locale })
	};
	const role = roles[args.role]?.() ?? args.role;
	const inviter = args.inviter || m.invite_someone({}, { locale });
	return { to: args.to, subject: m.mail_invite_subject({ place: args.place }, { locale }), text: m.mail_invite_body({ inviter, place: args.place, role, link: args.link }, { locale }) };
}

/** The answer to a request to become a member of a village ("Mitglied werden"), with the link to its app. */
export function joinDecisionMail(args: { to: string; name: string; place: string; link: string; approved: boolean; locale: string }): MailPayload {
	const locale = asLocale(args.locale);
	const p = { name: args.name, place: args.place, link: args.link };
	return args.approved
		? { to: args.to, subject: m.mail_join_approved_subject(p, { locale }), text: m.mail_join_approved_body(p, { locale }) }
		: { to: args.to, subject: m.mail_join_declined_subject(p, { locale }), text: m.mail_join_declined_body(p, { locale }) };
}

/** A text in both languages (a module's name or a permission's description, as modules declare them). */
type Texts = { de: string; en: string };

export interface RoleMailArgs {
	to: string;
	name: string;
	place: string;
	/** a village's admins run it from /<village>/admin; a municipality's or the county's from /admin */
	village: boolean;
	role: 'admin' | 'editor' | 'moderator';
	/** what the village's switched-on modules let this role do */
	modulePermissions: { module: Texts; description: Texts }[];
	/** full addresses */
	links: { admin: string; app: string | null; builder: string | null };
	locale: string;
}

/**
 * Sent when someone becomes admin, editor or moderator (role changed, or an invitation with that role accepted):
 * what they can now do there, and where — so a volunteer appointed by a neighbour knows where to start.
 */
export function roleGrantedMail(args: RoleMailArgs): MailPayload {
	const locale = asLocale(args.locale);
	const o = { locale };
	const place = args.place;
	const roleName = { admin: m.role_admin, editor: m.role_editor, moderator: m.role_moderator }[args.role]({}, o);
	const can: string[] = [];
	if (args.role === 'admin' && args.village) can.push(m.role_can_members({}, o), m.role_can_clubs({}, o), m.role_can_app({}, o), m.role_can_history({}, o));
	if (args.role === 'admin' && !args.village) can.push(m.role_can_tenant({ place }, o), m.role_can_history({}, o));
	if (args.role === 'admin' || args.role === 'editor') can.push(m.role_can_projects({}, o));
	for (const p of args.modulePermissions) can.push(`${p.module[locale]}: ${p.description[locale]}`);
	if (args.role === 'moderator') can.push(m.role_can_moderate({}, o));
	const links: string[] = [];
	if (args.role === 'admin') links.push(`${m.role_link_admin({ place }, o)}: ${args.links.admin}`);
	if (args.links.builder && args.role === 'admin') links.push(`${m.role_link_builder({}, o)}: ${args.links.builder}`);
	if (args.links.app) links.push(`${m.role_link_app({ place }, o)}: ${args.links.app}`);
	return {
		to: args.to,
		subject: m.mail_role_subject({ role: roleName, place }, o),
		text: m.mail_role_body({ name: args.name, role: roleName, place, abilities: can.map((c) => `– ${c}`).join('\n'), links: links.join('\n') }, o)
	};
}
