// The links module's texts, German and English. (Modules keep their texts in their folder.)
import type { Locale, Localized } from '../types.ts';

export const text = {
	title: { de: 'Wichtige Links', en: 'Important links' },
	empty: { de: 'Noch keine Links.', en: 'No links yet.' },
	edit: { de: 'Links bearbeiten', en: 'Edit links' },
	editLink: { de: 'Bearbeiten', en: 'Edit' },
	group: { de: 'Gruppe', en: 'Group' },
	groupName: { de: 'Name der Gruppe', en: 'Group name' },
	addGroup: { de: 'Gruppe anlegen', en: 'Add group' },
	renameGroup: { de: 'Umbenennen', en: 'Rename' },
	deleteGroup: { de: 'Gruppe „{name}“ mit ihren Links löschen', en: 'Delete group “{name}” with its links' },
	linkTitle: { de: 'Titel', en: 'Title' },
	url: { de: 'Adresse (URL)', en: 'Address (URL)' },
	urlHint: { de: 'Beginnt mit https:// oder http://', en: 'Starts with https:// or http://' },
	description: { de: 'Beschreibung (optional)', en: 'Description (optional)' },
	icon: { de: 'Symbol', en: 'Icon' },
	addLink: { de: 'Link hinzufügen', en: 'Add link' },
	save: { de: 'Speichern', en: 'Save' },
	deleteLink: { de: 'Löschen', en: 'Delete' },
	moveUp: { de: 'Nach oben', en: 'Move up' },
	moveDown: { de: 'Nach unten', en: 'Move down' },
	dragHint: {
		de: 'Reihenfolge ändern: mit „Nach oben“/„Nach unten“ oder, mit der Maus, durch Ziehen.',
		en: 'Change the order with “Move up”/“Move down” or, with a mouse, by dragging.'
	},
	moved: { de: '„{title}“ ist jetzt an Position {position}.', en: '“{title}” is now at position {position}.' },
	saved: { de: 'Gespeichert.', en: 'Saved.' },
	noGroups: { de: 'Legen Sie zuerst eine Gruppe an, z. B. „Gemeinde“ oder „Notdienste“.', en: 'First add a group, e.g. “Municipality” or “Emergency services”.' },
	opensExternal: { de: '(externe Seite)', en: '(external site)' },
	all: { de: 'Alle Links', en: 'All links' },
	errUrl: { de: 'Nur Adressen mit http:// oder https:// sind erlaubt, z. B. https://www.soest.de.', en: 'Only addresses with http:// or https:// are allowed, e.g. https://www.soest.de.' },
	order: { de: 'Reihenfolge', en: 'Order' },
	errOrder: { de: 'Die neue Reihenfolge muss genau die Links dieser Gruppe enthalten, jeden einmal.', en: 'The new order must hold exactly the links of this group, each once.' },
	errMissing: { de: 'Diesen Eintrag gibt es nicht (mehr).', en: 'This entry does not exist (any more).' },
	settingTitle: { de: 'Überschrift', en: 'Heading' },
	settingWidgetCount: { de: 'Links auf dem Startbildschirm', en: 'Links on the home screen' },
	settingShowDescriptions: { de: 'Beschreibungen anzeigen', en: 'Show descriptions' }
} satisfies Record<string, Localized>;

/** The text in the locale, with {placeholders} filled in. */
export function t(locale: Locale, key: keyof typeof text, values: Record<string, string | number> = {}): string {
	return text[key][locale].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
