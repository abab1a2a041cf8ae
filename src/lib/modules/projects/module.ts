// The projects module: the village's projects and open ideas from the county's Projektpool in its app, a page
// per project, and "Idee einreichen". It has no tables: it reads and submits through ctx.pool.
import { defineModule } from '../../server/moduleApi.ts';
import { text } from './messages.ts';
import { settingsSchema } from './schemas.ts';
import { server } from './server.ts';

export default defineModule<typeof settingsSchema>({
	id: 'projects',
	name: text.title,
	description: {
		de: 'Die Projekte und offenen Ideen des Dorfs aus dem Projektpool des Kreises – und ein Formular für neue Ideen.',
		en: 'The village’s projects and open ideas from the county’s project pool – and a form for new ideas.'
	},
	icon: 'star',
	settings: settingsSchema,
	publicSettings: ['title', 'widgetCount', 'showIdeas'],
	titleSetting: 'title',
	permissions: [],
	pages: [
		{ path: '', component: 'Page', title: text.title },
		{ path: 'idea', component: 'Idea', title: text.submitHeading },
		{ path: ':project', component: 'Project', title: { de: 'Projekt', en: 'Project' } }
	],
	widget: { component: 'ProjectsWidget' },
	migrations: {},
	tables: [],
	pushTopics: [],
	server,
	fieldLabels: { title: text.fieldTitle, description: text.fieldDescription, category: text.fieldCategory }
});
