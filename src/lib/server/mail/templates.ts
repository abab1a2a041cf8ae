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
