// The news module (Dorf-News): articles of the village and its clubs, drafts, planned publication, important
// announcements as a banner on the home screen, RSS and Atom feeds.
import { defineModule, newId } from '../../server/moduleApi.ts';
import * as m001 from './migrations/001_news.ts';
import { text } from './messages.ts';
import type { NewsTables } from './queries.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

const DAY = 86_400_000;

export default defineModule<typeof settingsSchema, NewsTables>({
	id: 'news',
	name: { de: 'Dorf-News', en: 'Village news' },
	description: { de: 'Neuigkeiten aus dem Dorf und seinen Vereinen, wichtige Mitteilungen auf der Startseite, als RSS- und Atom-Feed.', en: 'News from the village and its clubs, important announcements on the home screen, as RSS and Atom feeds.' },
	icon: 'news',
	settings: settingsSchema,
	publicSettings: ['title', 'categories', 'widgetCount', 'pageSize'],
	permissions: [{ id: 'news.edit', role: 'editor', description: { de: 'Artikel schreiben, veröffentlichen, planen, zurückziehen und löschen (Vereins-Admins: die ihres Vereins)', en: 'Write, publish, schedule, unpublish and delete articles (club admins: those of their club)' } }],
	pages: [
		{ path: '', component: 'Page', title: { de: 'Dorf-News', en: 'Village news' } },
		{ path: 'article/:articleId', component: 'Article', title: { de: 'Artikel', en: 'Article' } },
		{ path: 'new', component: 'Edit', title: { de: 'Neuer Artikel', en: 'New article' }, permission: 'signedIn' },
		{ path: 'edit/:articleId', component: 'Edit', title: { de: 'Artikel bearbeiten', en: 'Edit article' }, permission: 'signedIn' }
	],
	widget: { component: 'Widget' },
	migrations: { '001_news': m001 },
	tables: ['newsArticles'],
	pushTopics: [
		{ id: 'important', name: text.topicImportant },
		{ id: 'articles', name: text.topicArticles }
	],
	server,
	fieldLabels: {
		title: text.articleTitle,
		teaser: text.teaser,
		body: text.body,
		category: text.category,
		clubId: text.club,
		imageId: text.image,
		imageAlt: text.imageAlt,
		removeImage: text.removeImage,
		publish: text.publishMode,
		publishAt: text.publishAt,
		important: text.importantShort,
		importantUntil: text.importantUntil,
		articleId: text.articleTitle
	},
	messages: { errDateTime: text.errDateTime, errDate: text.errDate, errPublishAtMissing: text.errPublishAtMissing, errUntilMissing: text.errUntilMissing },
	auditActions: {
		'news.add': { label: { de: 'Artikel angelegt', en: 'article added' }, sentence: { de: '{who} hat den Artikel ‚{title}‘ angelegt', en: '{who} added the article ‘{title}’' } },
		'news.update': { label: { de: 'Artikel geändert', en: 'article changed' }, sentence: { de: '{who} hat den Artikel ‚{title}‘ geändert', en: '{who} changed the article ‘{title}’' } },
		'news.publish': { label: { de: 'Artikel veröffentlicht', en: 'article published' }, sentence: { de: '{who} hat den Artikel ‚{title}‘ veröffentlicht', en: '{who} published the article ‘{title}’' } },
		'news.schedule': { label: { de: 'Veröffentlichung eines Artikels geplant', en: 'article scheduled' }, sentence: { de: '{who} hat den Artikel ‚{title}‘ zur Veröffentlichung eingeplant', en: '{who} scheduled the article ‘{title}’ for publication' } },
		'news.publish.scheduled': { label: { de: 'Geplanter Artikel erschienen', en: 'scheduled article published' }, sentence: { de: 'Der eingeplante Artikel ‚{title}‘ ist erschienen', en: 'The scheduled article ‘{title}’ was published' } },
		'news.unpublish': { label: { de: 'Artikel zurückgezogen', en: 'article unpublished' }, sentence: { de: '{who} hat den Artikel ‚{title}‘ zurückgezogen', en: '{who} unpublished the article ‘{title}’' } },
		'news.delete': { label: { de: 'Artikel gelöscht', en: 'article deleted' }, sentence: { de: '{who} hat den Artikel ‚{title}‘ gelöscht', en: '{who} deleted the article ‘{title}’' } }
	},
	async seed({ data }) {
		const now = Date.now();
		const articles = [
			{
				title: 'Vollsperrung der Dorfstraße ab Montag',
				teaser: 'Wegen der Erneuerung der Wasserleitung ist die Dorfstraße zwischen Kirche und Feuerwehrhaus drei Wochen voll gesperrt.',
				body: 'Die Gemeindewerke erneuern die Wasserleitung unter der Dorfstraße. Die Umleitung führt über den Mühlenweg und ist ausgeschildert.\n\n- Die Bushaltestelle „Kirche“ wird an den Mühlenweg verlegt.\n- Die Müllabfuhr kommt wie gewohnt; bitte die Tonnen an die Einmündung stellen.\n- Anlieger erreichen ihre Häuser zu Fuß jederzeit.\n\nFragen beantwortet das Bürgerbüro der Gemeinde.',
				category: 'Gemeinde',
				publishedAt: now - 2 * DAY,
				importantUntil: now + 21 * DAY
			},
			{
				title: 'Schützenfest 2026: Neuer König in Körbecke',
				teaser: 'Mit dem 187. Schuss holte sich Heinz Brüggemann die Königswürde. Das Dorf feierte bis in die Nacht.',
				body: 'Bei bestem Wetter kamen am Samstag über 400 Gäste zur Vogelstange. Nach spannendem Wettkampf fiel der Vogel mit dem **187. Schuss**.\n\nDer Vorstand dankt allen Helferinnen und Helfern beim Auf- und Abbau.',
				category: 'Vereine',
				publishedAt: now - 9 * DAY,
				importantUntil: null
			},
			{
				title: 'Dorfputz am Samstag: Helfende Hände gesucht',
				teaser: 'Treffpunkt ist um 9 Uhr am Dorfgemeinschaftshaus. Handschuhe und Greifzangen sind da, für Kaffee und Brötchen ist gesorgt.',
				body: 'Wie jedes Frühjahr machen wir unser Dorf gemeinsam sauber. Kinder sind herzlich willkommen.\n\nBitte bringen Sie, wenn möglich, eine Warnweste mit.',
				category: 'Aus dem Dorf',
				publishedAt: now - 16 * DAY,
				importantUntil: null
			},
			{
				title: 'Neue Öffnungszeiten der Dorfbücherei',
				teaser: 'Die Bücherei im Pfarrheim öffnet jetzt auch donnerstags von 16 bis 18 Uhr.',
				body: 'Dank zweier neuer Ehrenamtlicher kann die Bücherei länger öffnen: **dienstags 10–12 Uhr** und **donnerstags 16–18 Uhr**.',
				category: 'Aus dem Dorf',
				publishedAt: now - 30 * DAY,
				importantUntil: null
			}
		];
		for (const a of articles) {
			await data
				.insertInto('newsArticles')
				.values({ id: newId(), ...a, clubId: null, imageId: null, imageAlt: '', authorId: null, state: 'published', publishAt: null, scheduleToken: null, createdAt: a.publishedAt, updatedAt: a.publishedAt })
				.execute();
		}
		await data
			.insertInto('newsArticles')
			.values({ id: newId(), title: 'Entwurf: Weihnachtsmarkt an der Kirche', teaser: 'Planung läuft noch.', body: 'Stände bitte bis Ende Oktober anmelden.', category: 'Aus dem Dorf', clubId: null, imageId: null, imageAlt: '', authorId: null, state: 'draft', publishAt: null, publishedAt: null, scheduleToken: null, importantUntil: null, createdAt: now, updatedAt: now })
			.execute();
	}
});
