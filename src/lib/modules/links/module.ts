// The links module: a village's important links in groups (Gemeinde, Vereine, Notdienste …).
// The simplest real module, and the worked example in docs/MODULES.md.
import { defineModule, newId } from '../../server/moduleApi.ts';
import * as m001 from './migrations/001_links.ts';
import { text } from './messages.ts';
import type { LinksTables } from './queries.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

/** how the history says which way something moved */
const direction = { up: { de: 'nach oben', en: 'up' }, down: { de: 'nach unten', en: 'down' } };

export default defineModule<typeof settingsSchema, LinksTables>({
	id: 'links',
	name: { de: 'Wichtige Links', en: 'Important links' },
	description: { de: 'Links zu Gemeinde, Vereinen, Notdiensten und mehr – in Gruppen geordnet.', en: 'Links to the municipality, clubs, emergency services and more – in groups.' },
	icon: 'link',
	settings: settingsSchema,
	publicSettings: ['title', 'widgetCount', 'showDescriptions'],
	titleSetting: 'title',
	permissions: [{ id: 'links.edit', role: 'editor', description: { de: 'Links und Gruppen anlegen, ändern, ordnen und löschen', en: 'Create, change, order and delete links and groups' } }],
	pages: [{ path: '', component: 'Page', title: { de: 'Wichtige Links', en: 'Important links' } }],
	widget: { component: 'Widget' },
	migrations: { '001_links': m001 },
	tables: ['linksGroups', 'linksItems'],
	pushTopics: [],
	server,
	fieldLabels: { name: text.groupName, groupId: text.group, title: text.linkTitle, url: text.url, description: text.description, icon: text.icon, order: text.order },
	messages: { errUrl: text.errUrl },
	auditActions: {
		'links.add': { label: { de: 'Link hinzugefügt', en: 'link added' }, sentence: { de: '{who} hat den Link ‚{title}‘ hinzugefügt', en: '{who} added the link ‘{title}’' } },
		'links.update': { label: { de: 'Link geändert', en: 'link changed' }, sentence: { de: '{who} hat den Link ‚{title}‘ geändert', en: '{who} changed the link ‘{title}’' } },
		'links.delete': { label: { de: 'Link gelöscht', en: 'link deleted' }, sentence: { de: '{who} hat den Link ‚{title}‘ gelöscht', en: '{who} deleted the link ‘{title}’' } },
		'links.move': { label: { de: 'Link verschoben', en: 'link moved' }, sentence: { de: '{who} hat den Link ‚{title}‘ {direction} verschoben', en: '{who} moved the link ‘{title}’ {direction}' }, values: { direction } },
		'links.reorder': {
			label: { de: 'Links neu geordnet', en: 'links reordered' },
			sentence: { de: '{who} hat die Links der Gruppe ‚{group}‘ neu geordnet', en: '{who} reordered the links of the group ‘{group}’' },
			variants: [{ when: 'title', sentence: { de: '{who} hat den Link ‚{title}‘ {direction} verschoben', en: '{who} moved the link ‘{title}’ {direction}' } }],
			values: { direction }
		},
		'links.group.add': { label: { de: 'Link-Gruppe angelegt', en: 'link group added' }, sentence: { de: '{who} hat die Link-Gruppe ‚{name}‘ angelegt', en: '{who} added the link group ‘{name}’' } },
		'links.group.rename': { label: { de: 'Link-Gruppe umbenannt', en: 'link group renamed' }, sentence: { de: '{who} hat eine Link-Gruppe in ‚{name}‘ umbenannt', en: '{who} renamed a link group to ‘{name}’' } },
		'links.group.delete': { label: { de: 'Link-Gruppe gelöscht', en: 'link group deleted' }, sentence: { de: '{who} hat die Link-Gruppe ‚{name}‘ mit ihren Links gelöscht', en: '{who} deleted the link group ‘{name}’ with its links' } },
		'links.group.move': { label: { de: 'Link-Gruppe verschoben', en: 'link group moved' }, sentence: { de: '{who} hat die Link-Gruppe ‚{name}‘ {direction} verschoben', en: '{who} moved the link group ‘{name}’ {direction}' }, values: { direction } }
	},
	async seed({ data }) {
		const now = Date.now();
		const groups = [
			{ name: 'Kreis und Gemeinde', links: [{ title: 'Kreis Soest', url: 'https://www.kreis-soest.de', icon: 'home', description: 'Kreisverwaltung, Bürgerservice, Formulare' }] },
			{ name: 'Notdienste', links: [{ title: 'Apotheken-Notdienst', url: 'https://www.aponet.de/apotheke/notdienstsuche', icon: 'heart', description: 'Welche Apotheke hat heute Dienst?' }, { title: 'Ärztlicher Bereitschaftsdienst 116117', url: 'https://www.116117.de', icon: 'phone', description: '' }] }
		];
		for (const [gi, g] of groups.entries()) {
			const groupId = newId();
			await data.insertInto('linksGroups').values({ id: groupId, name: g.name, position: gi, createdAt: now }).execute();
			for (const [li, l] of g.links.entries()) {
				await data.insertInto('linksItems').values({ id: newId(), groupId, ...l, position: li, createdAt: now, updatedAt: now }).execute();
			}
		}
	}
});
