// The text a legal page shows while its tenant has written none of its own: German or English markdown, made from
// the tenant's data (the county runs the platform; a village is responsible for its app's content). The facts in
// the Datenschutzerklärung are those of docs/PRIVACY.md — keep both in step.
import * as m from '../../paraglide/messages.js';
import type { LegalPage } from '../../legalPages.ts';
import { formatDate } from '../../ui/format.ts';
import type { Contact } from './contacts.ts';

type Locale = 'de' | 'en';

/**
 * The day the accessibility statement's self-assessment was last made (axe on every page, keyboard and 320 px
 * checks in tests/e2e). Bump it when the assessment is repeated for a release.
 */
export const ASSESSED_ON = '2026-11-29';

export interface LegalContext {
	page: LegalPage;
	locale: Locale;
	/** the platform's address (ORIGIN): a village app on its own host name links the platform's pages there */
	origin: string;
	/** the county: it runs the platform */
	county: { name: string; contact: Contact };
	/** the village whose app the page belongs to; absent for the platform's own pages */
	village?: { name: string; municipality: string | null; contact: Contact };
}

/** Text typed into a form, made safe to put into markdown: it reads as typed and never becomes markup. */
export function mdEscape(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

const missing = (locale: Locale) => `*${m.legal_missing({}, { locale })}*`;

/** the responsible body (or, for the platform, the county's name) and the postal address, as lines of one paragraph */
function contactBlock(c: Contact, fallbackName: string, locale: Locale): string {
	const lines = [c.body || fallbackName, ...c.address.split('\n')].map((l) => mdEscape(l.trim())).filter(Boolean);
	if (!c.address.trim()) lines.push(missing(locale));
	return lines.join('\n');
}

function reachBlock(c: Contact, locale: Locale): string {
	const lines: string[] = [];
	if (c.phone) lines.push(`${m.legal_label_phone({}, { locale })}: [${mdEscape(c.phone)}](tel:${c.phone.replace(/[^\d+]/g, '')})`);
	if (c.email) lines.push(`${m.legal_label_email({}, { locale })}: [${mdEscape(c.email)}](mailto:${c.email})`);
	return lines.length ? lines.join('\n') : missing(locale);
}

const h = (text: string) => `## ${text}`;
const person = (c: Contact, locale: Locale) => (c.person ? mdEscape(c.person) : missing(locale));

function impressum(ctx: LegalContext): string[] {
	const { locale, county, village } = ctx;
	const l = { locale };
	const own = village ?? { name: county.name, contact: county.contact, municipality: null };
	const parts = [
		h(m.legal_imp_provider_h({}, l)),
		village ? `${m.legal_imp_village_app({ village: mdEscape(village.name) }, l)}\n${contactBlock(own.contact, '', locale)}` : contactBlock(own.contact, county.name, locale),
		h(m.legal_imp_contact_h({}, l)),
		reachBlock(own.contact, locale),
		h(m.legal_imp_person_h({}, l)),
		person(own.contact, locale),
		h(m.legal_imp_responsible_h({}, l)),
		own.contact.person ? m.legal_imp_responsible_text({ person: mdEscape(own.contact.person) }, l) : missing(locale)
	];
	if (village) parts.push(h(m.legal_imp_platform_h({}, l)), m.legal_imp_village_note({ county: mdEscape(county.name), origin: ctx.origin }, l));
	else parts.push(h(m.legal_imp_platform_h({}, l)), m.legal_imp_platform_note({ county: mdEscape(county.name) }, l));
	parts.push(h(m.legal_imp_links_h({}, l)), m.legal_imp_links_text({}, l));
	return parts;
}

function datenschutz(ctx: LegalContext): string[] {
	const { locale, county, village } = ctx;
	const l = { locale };
	const parts = [h(m.legal_ds_controller_h({}, l))];
	if (village) {
		parts.push(m.legal_ds_village_controller({ village: mdEscape(village.name) }, l), `${contactBlock(village.contact, '', locale)}\n${reachBlock(village.contact, locale)}`);
		parts.push(m.legal_ds_village_platform({ county: mdEscape(county.name), origin: ctx.origin }, l));
	} else {
		parts.push(`${contactBlock(county.contact, county.name, locale)}\n${reachBlock(county.contact, locale)}`);
	}
	const dpo = (village ?? county).contact.privacyContact || county.contact.privacyContact;
	parts.push(h(m.legal_ds_dpo_h({}, l)), dpo ? dpo.split('\n').map(mdEscape).join('\n') : missing(locale));
	parts.push(h(m.legal_ds_principle_h({}, l)), m.legal_ds_principle({}, l));
	parts.push(h(m.legal_ds_visit_h({}, l)), m.legal_ds_visit({}, l));
	parts.push(h(m.legal_ds_account_h({}, l)), m.legal_ds_account({}, l));
	parts.push(h(m.legal_ds_reports_h({}, l)), m.legal_ds_reports({}, l));
	parts.push(h(m.legal_ds_basis_h({}, l)), m.legal_ds_basis({}, l));
	parts.push(h(m.legal_ds_recipients_h({}, l)), m.legal_ds_recipients({ county: mdEscape(county.name) }, l));
	parts.push(h(m.legal_ds_rights_h({}, l)), m.legal_ds_rights({}, l));
	return parts;
}

function barrierefreiheit(ctx: LegalContext): string[] {
	const { locale, county, village } = ctx;
	const l = { locale };
	const operator = mdEscape(village ? village.contact.body || village.name : county.contact.body || county.name);
	const site = village ? m.legal_bf_site_village({ village: mdEscape(village.name) }, l) : m.legal_bf_site_platform({}, l);
	const email = (village?.contact.email || county.contact.email) ?? '';
	const date = formatDate(ASSESSED_ON, locale);
	return [
		m.legal_bf_intro({ operator, site }, l),
		h(m.legal_bf_status_h({}, l)),
		m.legal_bf_status({}, l),
		h(m.legal_bf_issues_h({}, l)),
		m.legal_bf_issues({}, l),
		h(m.legal_bf_method_h({}, l)),
		m.legal_bf_method({ date }, l),
		h(m.legal_bf_feedback_h({}, l)),
		email ? m.legal_bf_feedback_email({ email: `[${mdEscape(email)}](mailto:${email})` }, l) : m.legal_bf_feedback({}, l),
		h(m.legal_bf_enforcement_h({}, l)),
		m.legal_bf_enforcement({}, l)
	];
}

const BUILDERS: Record<LegalPage, (ctx: LegalContext) => string[]> = { impressum, datenschutz, barrierefreiheit };

/** The generated markdown of a legal page (rendered with renderMarkdown like a tenant's own text). */
export function defaultLegalText(ctx: LegalContext): string {
	return BUILDERS[ctx.page](ctx).join('\n\n');
}
