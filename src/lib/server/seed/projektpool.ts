// Demo content of the Projektpool (projektpool.json): the county's categories and funding catalogue, and
// projects as villages write them, some adopted by others (lineage up to two levels), ideas with their
// supporters and comments, and on a few projects questions from other villages with their leads' answers. The
// supporters and askers are demo neighbours whose accounts nobody can log in to (a random password, never
// shown); they also make up the projects' teams, with the village admin leading its projects.
import type { Db } from '../db/index.ts';
import type { ProjectStatus, ProjectTeamRole, TaskStatus } from '../db/types.ts';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/passwords.ts';
import { grantRole } from '../tenancy/memberships.ts';
import { newId } from '../ids.ts';
import { projectSlug } from '../platform/projects/saveProject.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { reindexEverything } from '../platform/search/searchIndex.ts';
import data from './projektpool.json' with { type: 'json' };

interface DemoProject {
	key: string;
	village: string;
	title: string;
	summary: string;
	status: string;
	category: string;
	sdgs: number[];
	goals: string;
	targetGroup: string;
	preconditions: string;
	costOneOff: number;
	costRunning: number;
	volunteerHours: number;
	funding: { programme: string; amount: number | null; share: number | null; state: string }[];
	timeline: string;
	startedOn: string;
	steps: string;
	pitfalls: string;
	lessons: string;
	results: string;
	indicators: { name: string; value: number; unit: string; date: string | null }[];
	contact: { name: string; role: string };
	links: { title: string; url: string }[];
	adaptedFrom: string | null;
	updates: { date: string; body: string }[];
	tasks: { title: string; state: string; due: string | null }[];
	milestones: { title: string; due: string | null; done: boolean }[];
}

const day = (iso: string) => Date.parse(`${iso}T10:00:00Z`);

/** Seeds the Projektpool's demo content; `creators` maps a village slug to the account that keeps its projects. */
export async function seedProjektpool(db: Db, args: { county: Tenant; places: Record<string, Tenant>; creators: Record<string, string> & { citizen?: string } }): Promise<{ projects: Record<string, string> }> {
	const now = Date.now();
	for (const [position, c] of data.categories.entries()) {
		await db.insertInto('projectCategories').values({ id: newId(now), tenantId: args.county.id, key: c.key, nameDe: c.de, nameEn: c.en, position, createdAt: now }).execute();
	}
	const neighbours = await seedNeighbours(db);
	const programmes: Record<string, { id: string; name: string }> = {};
	for (const f of data.funding) {
		const id = newId(now);
		programmes[f.key] = { id, name: f.name };
		await db
			.insertInto('fundingProgrammes')
			.values({ id, tenantId: args.county.id, key: f.key, name: f.name, fundingBody: f.fundingBody, share: f.share, maxAmount: f.maxAmount, deadlines: f.deadlines, eligibility: f.eligibility, url: f.url, categories: JSON.stringify(f.categories), createdAt: now, updatedAt: now })
			.execute();
	}
	const ids: Record<string, string> = {};
	for (const [n, p] of (data.projects as DemoProject[]).entries()) {
		const place = args.places[p.village];
		if (!place) throw new Error(`projektpool.json: no village "${p.village}" (project ${p.key})`);
		const createdAt = day(p.startedOn);
		const updatedAt = Math.max(createdAt, ...p.updates.map((u) => day(u.date)));
		const id = newId(createdAt);
		ids[p.key] = id;
		const status = p.status as ProjectStatus;
		await db
			.insertInto('projects')
			.values({
				id,
				tenantId: place.id,
				clubId: null,
				slug: projectSlug(p.title),
				title: p.title,
				summary: p.summary,
				status,
				categoryKey: p.category,
				sdgs: JSON.stringify([...p.sdgs].sort((a, b) => a - b)),
				goals: p.goals,
				targetGroup: p.targetGroup,
				preconditions: p.preconditions,
				costOneOff: p.costOneOff,
				costRunning: p.costRunning,
				volunteerHours: p.volunteerHours,
				timeline: p.timeline,
				startedOn: p.startedOn,
				steps: p.steps,
				pitfalls: p.pitfalls,
				lessons: p.lessons,
				results: p.results,
				contactName: p.contact.name,
				contactRole: p.contact.role,
				links: JSON.stringify(p.links),
				ideaId: null,
				adaptedFromId: p.adaptedFrom ? ids[p.adaptedFrom]! : null,
				hiddenAt: null,
				createdBy: args.creators[p.village] ?? null,
				createdAt,
				updatedAt
			})
			.execute();
		await db.insertInto('projectStatusChanges').values({ id: newId(createdAt), tenantId: place.id, projectId: id, fromStatus: null, toStatus: 'planning', actorId: null, createdAt }).execute();
		if (status !== 'planning') await db.insertInto('projectStatusChanges').values({ id: newId(updatedAt), tenantId: place.id, projectId: id, fromStatus: 'planning', toStatus: status, actorId: null, createdAt: updatedAt }).execute();
		for (const u of p.updates) {
			await db.insertInto('projectUpdates').values({ id: newId(day(u.date)), tenantId: place.id, projectId: id, authorId: args.creators[p.village] ?? null, body: u.body, createdAt: day(u.date) }).execute();
		}
		for (const [position, i] of p.indicators.entries()) {
			await db.insertInto('projectIndicators').values({ id: newId(), tenantId: place.id, projectId: id, name: i.name, value: i.value, unit: i.unit, measuredOn: i.date, position }).execute();
		}
		for (const [position, f] of p.funding.entries()) {
			const programme = programmes[f.programme];
			if (!programme) throw new Error(`projektpool.json: no funding programme "${f.programme}" (project ${p.key})`);
			await db
				.insertInto('projectFundings')
				.values({ id: newId(), tenantId: place.id, projectId: id, programmeId: programme.id, programmeName: programme.name, amount: f.amount, sharePercent: f.share, state: f.state === 'applied' ? 'applied' : 'used', position })
				.execute();
		}
		await seedWork(db, { project: p, id, tenantId: place.id, lead: args.creators[p.village] ?? null, team: [neighbours[n % neighbours.length]!, neighbours[(n + 5) % neighbours.length]!], createdAt });
	}
	await seedIdeas(db, { places: args.places, firstAuthor: args.creators.citizen, neighbours });
	await seedQuestions(db, { places: args.places, projects: ids, neighbours });
	// the rows above were written directly: index them all at once (search)
	await reindexEverything(db);
	return { projects: ids };
}

/** Questions from neighbours of other villages on a few demo projects; the project's lead answers most of them. */
const QUESTIONS: { project: string; asker: number; village: string; daysAgo: number; question: string; answer: string | null }[] = [
	{
		project: 'dorfladen-altengeseke',
		asker: 3,
		village: 'effeln',
		daysAgo: 40,
		question: 'Wie haben Sie die Genossenschaft gegründet – mit Notar und Prüfungsverband, oder ging es als Verein einfacher?',
		answer: 'Wir haben mit einem Verein angefangen, weil das schneller ging und kaum etwas kostete. Nach einem Jahr, als der Umsatz stabil war, sind wir in eine **Genossenschaft** gewechselt. Der Prüfungsverband hat uns dabei gut beraten; rechnen Sie mit etwa 2.000 € für Gründung und erste Prüfung.'
	},
	{
		project: 'dorfladen-altengeseke',
		asker: 10,
		village: 'oestereiden',
		daysAgo: 12,
		question: 'Wie viele Ehrenamtliche brauchen Sie pro Woche für den Verkauf?',
		answer: 'Im Moment sind es 22 Leute; jede und jeder übernimmt etwa eine Schicht von drei Stunden pro Woche. Geholfen hat uns ein fester Schichtplan – auf Papier im Laden und in der Messenger-Gruppe.'
	},
	{
		project: 'mitfahrbank-altengeseke',
		asker: 12,
		village: 'delecke',
		daysAgo: 30,
		question: 'Mussten Sie die Standorte der Bänke mit dem Straßenverkehrsamt abstimmen?',
		answer: 'Ja, für die Bank an der Landstraße schon. Das Ordnungsamt der Gemeinde hat den Termin mit dem Kreis vermittelt; es ging vor allem um eine sichere Haltemöglichkeit für die Autos. Planen Sie dafür zwei bis drei Monate ein.'
	},
	{
		project: 'mitfahrbank-altengeseke',
		asker: 11,
		village: 'herzfeld',
		daysAgo: 3,
		question: 'Wie oft wird die Bank tatsächlich genutzt? Lohnt sich das auch bei uns mit gut 600 Einwohnern?',
		answer: null
	},
	{
		project: 'wlan-seeufer-koerbecke',
		asker: 17,
		village: 'hirschberg',
		daysAgo: 21,
		question: 'Wer haftet, wenn jemand über das offene WLAN etwas Illegales herunterlädt?',
		answer: 'Betreiber offener WLANs haften seit 2017 nicht mehr als Störer. Wir leiten den Verkehr trotzdem über den Freifunk-Verein – so wollte es auch der Gemeinderat, und die Einrichtung war einfacher als gedacht.'
	},
	{
		project: 'smartphone-sprechstunde-koerbecke',
		asker: 16,
		village: 'lohne',
		daysAgo: 18,
		question: 'Wie haben Sie die Jugendlichen gewonnen, und bekommen sie etwas dafür?',
		answer: 'Über die Schule: Die Sprechstunde zählt für das Sozialpraktikum der neunten Klassen. Außerdem gibt es nach jeder Sprechstunde Pizza und am Jahresende eine Urkunde vom Ortsvorsteher.'
	},
	{
		project: 'smartphone-sprechstunde-koerbecke',
		asker: 21,
		village: 'echthausen',
		daysAgo: 2,
		question: 'Bringen die Seniorinnen und Senioren eigene Geräte mit, oder haben Sie Leihgeräte zum Üben?',
		answer: null
	},
	{
		project: 'defi-netz-effeln',
		asker: 13,
		village: 'kallenhardt',
		daysAgo: 25,
		question: 'Wer übernimmt die Wartung der Geräte, und was kostet sie im Jahr?',
		answer: 'Die Wartung macht der Hersteller im Rahmen eines Vertrags, rund 150 € pro Gerät und Jahr. Elektroden und Akkus tauschen wir nach Ablauf selbst; den Kalender dafür führt unser Löschzug.'
	}
];

async function seedQuestions(db: Db, args: { places: Record<string, Tenant>; projects: Record<string, string>; neighbours: string[] }): Promise<void> {
	const now = Date.now();
	for (const q of QUESTIONS) {
		const projectId = args.projects[q.project];
		const home = args.places[q.village];
		const askerId = args.neighbours[q.asker];
		if (!projectId || !home || !askerId) throw new Error(`projektpool.ts: question on "${q.project}" by neighbour ${q.asker} of "${q.village}" does not fit the demo`);
		// the asker belongs to their village, which the page shows beside the name
		await grantRole(db, { tenantId: home.id, userId: askerId, role: 'member' });
		const project = await db.selectFrom('projects').select('tenantId').where('id', '=', projectId).executeTakeFirstOrThrow();
		const askedAt = now - q.daysAgo * 86_400_000;
		const id = newId(askedAt);
		await db.insertInto('projectQuestions').values({ id, tenantId: project.tenantId, projectId, authorId: askerId, body: q.question, createdAt: askedAt, hiddenAt: null }).execute();
		if (!q.answer) continue;
		const lead = await db.selectFrom('projectMembers').select('userId').where('projectId', '=', projectId).where('role', '=', 'lead').executeTakeFirstOrThrow();
		const answeredAt = askedAt + 26 * 3_600_000;
		await db.insertInto('projectAnswers').values({ id: newId(answeredAt), tenantId: project.tenantId, projectId, questionId: id, authorId: lead.userId, body: q.answer, createdAt: answeredAt, hiddenAt: null }).execute();
	}
}

const NEIGHBOURS = ['Petra S.', 'Jürgen W.', 'Aylin K.', 'Heinz B.', 'Marie L.', 'Tobias R.', 'Gisela M.', 'Lukas H.', 'Sabine T.', 'Frank D.', 'Elif Y.', 'Werner P.', 'Jana F.', 'Karl-Heinz O.', 'Nicole V.', 'Ben A.', 'Ursula G.', 'Mehmet C.', 'Anke E.', 'Stefan N.', 'Ilse J.', 'Paul Z.', 'Carina Q.', 'Dirk U.', 'Hannah I.'];

interface DemoIdea {
	village: string;
	title: string;
	description: string;
	category: string;
	status: string;
	archivedReason: string | null;
	supporters: number;
	comments: string[];
}

/** The team of a demo project (its village's admin leads, else a neighbour), its milestones and its tasks. */
async function seedWork(db: Db, args: { project: DemoProject; id: string; tenantId: string; lead: string | null; team: [string, string]; createdAt: number }): Promise<void> {
	const { project, id: projectId, tenantId, createdAt } = args;
	const [member, helper] = args.team;
	const people: [string, ProjectTeamRole][] = [[args.lead ?? member, 'lead'], [member, 'member'], [helper, 'helper']];
	for (const [userId, role] of people) {
		await db.insertInto('projectMembers').values({ id: newId(createdAt), tenantId, projectId, userId, role, createdAt }).onConflict((oc) => oc.columns(['projectId', 'userId']).doNothing()).execute();
	}
	for (const [position, ms] of project.milestones.entries()) {
		await db.insertInto('projectMilestones').values({ id: newId(createdAt), tenantId, projectId, title: ms.title, dueOn: ms.due, doneAt: ms.done && ms.due ? day(ms.due) : null, position, createdAt }).execute();
	}
	const positions = { todo: 0, doing: 0, done: 0 };
	for (const [i, task] of project.tasks.entries()) {
		const status: TaskStatus = task.state === 'done' ? 'done' : task.state === 'doing' ? 'doing' : 'todo';
		// done and running tasks had someone; of the open ones every other waits for a helper
		const assigneeId = status === 'todo' && i % 2 === 0 ? null : i % 2 === 0 ? member : helper;
		await db
			.insertInto('projectTasks')
			.values({ id: newId(createdAt), tenantId, projectId, milestoneId: null, title: task.title, description: '', status, position: positions[status]++, assigneeId, dueOn: task.due, createdBy: args.lead, createdAt, updatedAt: createdAt })
			.execute();
	}
}

/** Demo neighbours: one hash of a random secret for all of them, so no one can log in as them. */
async function seedNeighbours(db: Db): Promise<string[]> {
	const now = Date.now();
	const passwordHash = await hashPassword(randomBytes(32).toString('hex'));
	const neighbours: string[] = [];
	for (const [i, name] of NEIGHBOURS.entries()) {
		const id = newId(now);
		neighbours.push(id);
		await db.insertInto('users').values({ id, email: `nachbar-${String(i + 1).padStart(2, '0')}@example.org`, emailVerifiedAt: now, passwordHash, displayName: name, locale: 'de', createdAt: now, updatedAt: now }).execute();
	}
	return neighbours;
}

async function seedIdeas(db: Db, args: { places: Record<string, Tenant>; firstAuthor?: string; neighbours: string[] }): Promise<void> {
	const now = Date.now();
	const { neighbours } = args;
	for (const [n, idea] of (data.ideas as DemoIdea[]).entries()) {
		const place = args.places[idea.village];
		if (!place) throw new Error(`projektpool.json: no village "${idea.village}" (idea ${idea.title})`);
		const createdAt = now - (data.ideas.length - n) * 3 * 86_400_000;
		const id = newId(createdAt);
		const authorId = n === 0 && args.firstAuthor ? args.firstAuthor : neighbours[n % neighbours.length]!;
		const status = idea.status === 'archived' ? 'archived' : idea.status === 'discussion' ? 'discussion' : 'new';
		await db
			.insertInto('ideas')
			.values({ id, tenantId: place.id, clubId: null, authorId, title: idea.title, description: idea.description, categoryKey: idea.category, imageFileId: null, status, statusReason: idea.archivedReason ?? '', projectId: null, hiddenAt: null, createdAt, updatedAt: createdAt })
			.execute();
		for (const userId of neighbours.filter((u) => u !== authorId).slice(0, idea.supporters)) {
			await db.insertInto('ideaSupports').values({ id: newId(createdAt), tenantId: place.id, ideaId: id, userId, createdAt }).execute();
		}
		for (const [c, body] of idea.comments.entries()) {
			const at = createdAt + (c + 1) * 3_600_000;
			await db.insertInto('ideaComments').values({ id: newId(at), tenantId: place.id, ideaId: id, authorId: neighbours[(n + c + 7) % neighbours.length]!, body, hiddenAt: null, createdAt: at }).execute();
		}
	}
}
