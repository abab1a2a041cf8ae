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
	deleteGroup: { de: 'Gruppe löschen', en: 'Delete group' },
	linkTitle: { de: 'Titel', en: 'Title' },
	url: { de: 'Adresse (URL)', en: 'Address (URL)' },
	urlHint: {
		de: 'Eine Internetadresse (https://…), eine Telefonnummer (tel:02921 300) oder eine E-Mail-Adresse (mailto:info@example.org)',
		en: 'A web address (https://…), a phone number (tel:02921 300) or an e-mail address (mailto:info@example.org)'
	},
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
	opensCall: { de: '(Anruf)', en: '(phone call)' },
	opensMail: { de: '(E-Mail)', en: '(e-mail)' },
	all: { de: 'Alle Links', en: 'All links' },
	errUrl: {
		de: 'Erlaubt sind Internetadressen mit https:// oder http:// (z. B. https://www.soest.de), Telefonnummern mit tel: (Ziffern, + und Leerzeichen, z. B. tel:+49 2921 300) und E-Mail-Adressen mit mailto: (z. B. mailto:info@soest.de).',
		en: 'Allowed are web addresses with https:// or http:// (e.g. https://www.soest.de), phone numbers with tel: (digits, + and spaces only, e.g. tel:+49 2921 300) and e-mail addresses with mailto: (e.g. mailto:info@soest.de).'
	},
	errGroupExists: { de: 'Eine Gruppe mit diesem Namen gibt es hier schon.', en: 'There is a group with this name here already.' },
	errGroupBack: { de: 'Eine Gruppe „{name}“ gibt es inzwischen wieder. Benennen Sie sie zuerst um.', en: 'There is a group “{name}” again by now. Rename it first.' },
	errGroupGone: { de: 'Die Gruppe „{name}“ gibt es nicht mehr. Stellen Sie zuerst die Gruppe wieder her.', en: 'The group “{name}” no longer exists. Restore the group first.' },
	errAlreadyBack: { de: 'Das ist schon wieder da.', en: 'This is back already.' },
	errGoneWhileEditing: { de: 'Dieser Link wurde inzwischen gelöscht; Ihre Änderung ist nicht gespeichert.', en: 'This link has been deleted meanwhile; your change was not saved.' },
	labelGroup0: { de: 'Gruppe „{name}“', en: 'Group “{name}”' },
	labelGroup1: { de: 'Gruppe „{name}“ mit 1 Link', en: 'Group “{name}” with 1 link' },
	labelGroupN: { de: 'Gruppe „{name}“ mit {count} Links', en: 'Group “{name}” with {count} links' },
	labelLink: { de: 'Link „{title}“', en: 'Link “{title}”' },
	askGroup0: { de: 'Gruppe „{name}“ löschen?', en: 'Delete group “{name}”?' },
	askGroup1: { de: 'Gruppe „{name}“ mit 1 Link löschen?', en: 'Delete group “{name}” with 1 link?' },
	askGroupN: { de: 'Gruppe „{name}“ mit {count} Links löschen?', en: 'Delete group “{name}” with {count} links?' },
	askLink: { de: 'Link „{title}“ löschen?', en: 'Delete link “{title}”?' },
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

/** What a link opens, for screen readers: another site, a phone call or an e-mail (the page and the widget say it). */
export function opensText(locale: Locale, url: string): string {
	if (/^tel:/i.test(url)) return t(locale, 'opensCall');
	if (/^mailto:/i.test(url)) return t(locale, 'opensMail');
	return t(locale, 'opensExternal');
}
