// The links module: a village's important links in groups (Gemeinde, Vereine, Notdienste …).
// The simplest real module, and the worked example in docs/MODULES.md.
import { defineModule, newId } from '../../server/moduleApi.ts';
import * as m001 from './migrations/001_links.ts';
import { text } from './messages.ts';
import type { LinksTables } from './queries.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

export default defineModule<typeof settingsSchema, LinksTables>({
	id: 'links',
	name: { de: 'Wichtige Links', en: 'Important links' },
	description: { de: 'Links zu Gemeinde, Vereinen, Notdiensten und mehr – in Gruppen geordnet.', en: 'Links to the municipality, clubs, emergency services and more – in groups.' },
	icon: 'link',
	settings: settingsSchema,
	publicSettings: ['title', 'widgetCount', 'showDescriptions'],
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
		'links.add': { de: 'Link hinzugefügt', en: 'link added' },
		'links.update': { de: 'Link geändert', en: 'link changed' },
		'links.delete': { de: 'Link gelöscht', en: 'link deleted' },
		'links.move': { de: 'Link verschoben', en: 'link moved' },
		'links.reorder': { de: 'Links neu geordnet', en: 'links reordered' },
		'links.group.add': { de: 'Link-Gruppe angelegt', en: 'link group added' },
		'links.group.rename': { de: 'Link-Gruppe umbenannt', en: 'link group renamed' },
		'links.group.delete': { de: 'Link-Gruppe gelöscht', en: 'link group deleted' },
		'links.group.move': { de: 'Link-Gruppe verschoben', en: 'link group moved' }
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
