// The projects module's texts, German and English. (Modules keep their texts in their folder.)
import type { Locale, Localized, PoolProjectStatus } from '../types.ts';

export const text = {
	title: { de: 'Unsere Projekte', en: 'Our projects' },
	intro: {
		de: 'Was unser Dorf anpackt – aus dem Projektpool des Kreises. Dort finden Sie alle Einzelheiten, und andere Dörfer können unsere Projekte übernehmen.',
		en: 'What our village is working on – from the county’s project pool. You will find every detail there, and other villages can adopt our projects.'
	},
	empty: { de: 'Noch keine Projekte.', en: 'No projects yet.' },
	all: { de: 'Alle Projekte', en: 'All projects' },
	ideasHeading: { de: 'Offene Ideen', en: 'Open ideas' },
	ideasEmpty: { de: 'Gerade keine offenen Ideen.', en: 'No open ideas right now.' },
	submitHeading: { de: 'Idee einreichen', en: 'Submit an idea' },
	submitIntro: {
		de: 'Sie haben eine Idee für unser Dorf? Reichen Sie sie ein: Sie erscheint im Projektpool des Kreises, wo andere sie unterstützen und besprechen können.',
		en: 'Do you have an idea for our village? Submit it: it appears in the county’s project pool, where others can support and discuss it.'
	},
	signInToSubmit: { de: 'Zum Einreichen bitte anmelden', en: 'Please sign in to submit' },
	submitButton: { de: 'Idee einreichen', en: 'Submit idea' },
	submitted: { de: 'Danke! Ihre Idee ist eingereicht.', en: 'Thank you! Your idea has been submitted.' },
	viewIdea: { de: 'Ihre Idee im Projektpool ansehen', en: 'View your idea in the project pool' },
	fieldTitle: { de: 'Titel', en: 'Title' },
	fieldTitleHint: { de: '3 bis 120 Zeichen, z. B. „Bücherschrank am Dorfplatz“', en: '3 to 120 characters, e.g. “Book exchange on the village square”' },
	fieldDescription: { de: 'Beschreibung (optional)', en: 'Description (optional)' },
	fieldDescriptionHint: { de: 'Was ist die Idee, wem hilft sie? Höchstens 5.000 Zeichen.', en: 'What is the idea, whom does it help? At most 5,000 characters.' },
	fieldCategory: { de: 'Kategorie', en: 'Category' },
	chooseCategory: { de: 'Bitte wählen', en: 'Please choose' },
	inPool: { de: 'Im Projektpool ansehen', en: 'View in the project pool' },
	inPoolNamed: { de: 'Im Projektpool ansehen: {title}', en: 'View in the project pool: {title}' },
	back: { de: 'Alle Projekte des Dorfs', en: 'All projects of the village' },
	status: { de: 'Stand', en: 'Status' },
	category: { de: 'Kategorie', en: 'Category' },
	adopted: { de: 'Von anderen übernommen', en: 'Adopted by others' },
	adoptedOnce: { de: 'einmal übernommen', en: 'adopted once' },
	adoptedTimes: { de: '{count}-mal übernommen', en: 'adopted {count} times' },
	startedOn: { de: 'Begonnen am', en: 'Started on' },
	goals: { de: 'Ziele', en: 'Goals' },
	results: { de: 'Ergebnisse', en: 'Results' },
	lessons: { de: 'Was wir gelernt haben', en: 'What we learned' },
	indicators: { de: 'Kennzahlen', en: 'Indicators' },
	indicatorsCaption: { de: 'Kennzahlen des Projekts', en: 'The project’s indicators' },
	indicatorName: { de: 'Kennzahl', en: 'Indicator' },
	indicatorValue: { de: 'Wert', en: 'Value' },
	indicatorMeasured: { de: 'Gemessen am', en: 'Measured on' },
	news: { de: 'Neuigkeiten', en: 'News' },
	noNews: { de: 'Noch keine Neuigkeiten.', en: 'No news yet.' },
	ideaNew: { de: 'Neu', en: 'New' },
	ideaDiscussion: { de: 'In Diskussion', en: 'Under discussion' },
	errMissing: { de: 'Dieses Projekt gibt es hier nicht.', en: 'This project does not exist here.' },
	settingTitle: { de: 'Überschrift', en: 'Heading' },
	settingWidgetCount: { de: 'Projekte auf dem Startbildschirm', en: 'Projects on the home screen' },
	settingShowIdeas: { de: 'Offene Ideen anzeigen', en: 'Show open ideas' }
} satisfies Record<string, Localized>;

/** The Projektpool's statuses in words. */
export const statusText: Record<PoolProjectStatus, Localized> = {
	idea: { de: 'Idee', en: 'Idea' },
	planning: { de: 'In Planung', en: 'Planning' },
	implementation: { de: 'In Umsetzung', en: 'In progress' },
	completed: { de: 'Abgeschlossen', en: 'Completed' },
	paused: { de: 'Pausiert', en: 'Paused' },
	cancelled: { de: 'Abgebrochen', en: 'Cancelled' }
};

/** The text in the locale, with {placeholders} filled in. */
export function t(locale: Locale, key: keyof typeof text, values: Record<string, string | number> = {}): string {
	return text[key][locale].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
