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
