// The legal pages every public site of Allmende has: the platform's at /<page>, each village app's at
// /<village>/<page>. Their names are reserved as slugs and module ids (tenancy/slugs.ts, scripts/new-module.mjs).

export const LEGAL_PAGES = ['impressum', 'datenschutz', 'barrierefreiheit'] as const;
export type LegalPage = (typeof LEGAL_PAGES)[number];

export function isLegalPage(value: string): value is LegalPage {
	return (LEGAL_PAGES as readonly string[]).includes(value);
}
