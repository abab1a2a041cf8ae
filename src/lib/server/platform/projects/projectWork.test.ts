// The work on a project (team, board, milestones, notes) and what adoption and the seed make of it. Refusals
// first: who may do what, ids of other projects and villages, bad input; then the board's order, the last
// lead, leaving, adoption, the audit log and the demo seed.
//
// The demo seed: dorf1 administers Altengeseke, dorf2 Körbecke, redaktion edits Altengeseke, kreis the county.
// Each test builds its own project in Altengeseke (created by redaktion, who then hands over and leaves the
// team, so she keeps it only as the village's editor) with a lead, a member and a helper who have no role in
// any village: what they may do comes from the team alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { createUser, getUserByEmail } from '../../auth/accounts.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { ANONYMOUS, loadActor, type Actor } from '../../policy/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import { getTenantBySlug } from '../../tenancy/tenants.ts';
import { addProjectFunding, removeProjectFunding } from '../funding/projectFunding.ts';
import { postProjectUpdate } from './projectUpdates.ts';
import { adoptProject } from './adoptProject.ts';
import { createProjectFromIdea } from './projectFromIdea.ts';
import { createMilestone, createTask, deleteMilestone, deleteTask, loadBoard, moveTask, releaseTask, setMilestoneDone, takeTask, updateTask } from './projectBoard.ts';
import { addNote, deleteNote, listNotes } from './projectNotes.ts';
import { changeTeamRole, joinTeam, leaveTeam, listTeam, removeFromTeam } from './projectTeam.ts';
import { changeProjectStatus, createProject, loadProjectForWrite, setProjectHidden, updateProject } from './saveProject.ts';
import { createProjectSchema, updateProjectSchema } from './schemas.ts';
import { createTaskSchema, milestoneSchema, moveTaskSchema, noteSchema, teamRoleSchema, updateTaskSchema } from './workSchemas.ts';
import type { TaskStatus } from '../../db/types.ts';

let t: TestDb;
const ip = '127.0.0.1';
type Name = 'adminA' | 'editorA' | 'adminB' | 'county' | 'lead' | 'member' | 'helper' | 'helper2' | 'outsider';
const who = {} as Record<Name, Actor>;
const id = {} as Record<Name, string>;
let tokenActor: Actor;
let categoryKey = '';
/** two programmes of the funding catalogue */
let programmes: string[] = [];
/** the demo seed's projects, before any test adds one */
let seededProjects: string[] = [];
/** a project of another village (Körbecke, from the seed), with a task, a milestone and a note */
const foreign = { project: '', task: '', milestone: '', note: '', teamUser: '' };
/** another project of the same village, with a task, a milestone, a note and a team of its own */
const sibling = { project: '', task: '', milestone: '', note: '' };

/** "ok", or the refusal's status and the fields it names ("409 role") */
async function code(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof AppError) return `${e.status} ${Object.keys(e.fields).join(',')}`.trim();
		throw e;
	}
}

const taskInput = (over: Record<string, unknown> = {}) => createTaskSchema.parse({ title: 'Bänke streichen', ...over });
const updateInput = (taskId: string, over: Record<string, unknown> = {}) => updateTaskSchema.parse({ taskId, title: 'Bänke streichen', ...over });
const profile = (title: string, village = 'altengeseke') => createProjectSchema.parse({ village, title, summary: 'Ein Projekt zum Testen der Teamarbeit.', categoryKey });

/** A new project of Altengeseke with `lead`, `member` and `helper` in its team and redaktion out of it. */
async function newProject(title: string): Promise<string> {
	const { id: projectId } = await createProject(t.db, { actor: who.editorA, ip, input: profile(title) });
	for (const name of ['lead', 'member', 'helper'] as const) await joinTeam(t.db, { actor: who[name], ip, projectId });
	await changeTeamRole(t.db, { actor: who.editorA, ip, projectId, userId: id.lead, role: 'lead' });
	await changeTeamRole(t.db, { actor: who.editorA, ip, projectId, userId: id.member, role: 'member' });
	await leaveTeam(t.db, { actor: who.editorA, ip, projectId });
	return projectId;
}

async function teamOf(projectId: string) {
	return (await listTeam(t.db, projectId)).map((m) => [m.userId, m.role]);
}

/** Every row of the work tables, of the projects, and the numbers of audit entries and notifications. */
async function snapshot() {
	return {
		members: await t.db.selectFrom('projectMembers').selectAll().orderBy('id').execute(),
		tasks: await t.db.selectFrom('projectTasks').selectAll().orderBy('id').execute(),
		milestones: await t.db.selectFrom('projectMilestones').selectAll().orderBy('id').execute(),
		notes: await t.db.selectFrom('projectNotes').selectAll().orderBy('id').execute(),
		projects: await t.db.selectFrom('projects').selectAll().orderBy('id').execute(),
		news: await t.db.selectFrom('projectUpdates').selectAll().orderBy('id').execute(),
		audit: Number((await t.db.selectFrom('auditLog').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
		notifications: Number((await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
	};
}

/** Every write of the work domain on one project, as `actor`, with the given ids (a task, a milestone, a note, a person). */
function everyWrite(actor: Actor, projectId: string, ids: { task: string; milestone: string; note: string; user: string; funding: string }) {
	const args = { actor, ip, projectId };
	return {
		updateProject: () => updateProject(t.db, { ...args, input: updateProjectSchema.parse({ title: 'Übernommen!', categoryKey }) }),
		changeStatus: () => changeProjectStatus(t.db, { ...args, status: 'cancelled', note: '' }),
		postNews: () => postProjectUpdate(t.db, { ...args, body: 'Neuigkeit von außen' }),
		addFunding: () => addProjectFunding(t.db, { ...args, input: { programmeId: programmes[1]!, amount: 500, sharePercent: 50, state: 'applied' } }),
		removeFunding: () => removeProjectFunding(t.db, { ...args, fundingId: ids.funding }),
		changeTeamRole: () => changeTeamRole(t.db, { ...args, userId: ids.user, role: 'helper' }),
		removeFromTeam: () => removeFromTeam(t.db, { ...args, userId: ids.user }),
		createTask: () => createTask(t.db, { ...args, input: taskInput() }),
		updateTask: () => updateTask(t.db, { ...args, input: updateInput(ids.task, { title: 'Gekapert' }) }),
		moveTask: () => moveTask(t.db, { ...args, taskId: ids.task, status: 'done', position: 0 }),
		releaseTask: () => releaseTask(t.db, { ...args, taskId: ids.task }),
		deleteTask: () => deleteTask(t.db, { ...args, taskId: ids.task }),
		createMilestone: () => createMilestone(t.db, { ...args, title: 'Fremder Meilenstein', dueOn: null }),
		setMilestoneDone: () => setMilestoneDone(t.db, { ...args, milestoneId: ids.milestone, done: true }),
		deleteMilestone: () => deleteMilestone(t.db, { ...args, milestoneId: ids.milestone }),
		addNote: () => addNote(t.db, { ...args, body: 'Fremde Notiz' }),
		deleteNote: () => deleteNote(t.db, { ...args, noteId: ids.note })
	};
}

/** A project of the test's own with one task the helper took, one free task, a milestone and a note of the lead. */
async function furnished(title: string) {
	const projectId = await newProject(title);
	const milestone = await createMilestone(t.db, { actor: who.lead, ip, projectId, title: 'Erste Etappe', dueOn: '2026-06-01' });
	const taken = await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: 'Farbe kaufen', milestoneId: milestone }) });
	const free = await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: 'Pinsel leihen' }) });
	await takeTask(t.db, { actor: who.helper, ip, projectId, taskId: taken });
	const note = await addNote(t.db, { actor: who.lead, ip, projectId, body: 'Malermeister: 0170 1234567' });
	const { id: funding } = await addProjectFunding(t.db, { actor: who.lead, ip, projectId, input: { programmeId: programmes[0]!, amount: 1000, sharePercent: 80, state: 'applied' } });
	return { projectId, milestone, taken, free, note, funding };
}

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	seededProjects = (await t.db.selectFrom('projects').select('id').execute()).map((p) => p.id);
	const logins: Partial<Record<Name, string>> = { adminA: 'dorf1@example.org', editorA: 'redaktion@example.org', adminB: 'dorf2@example.org', county: 'kreis@example.org' };
	for (const [name, email] of Object.entries(logins) as [Name, string][]) id[name] = (await getUserByEmail(t.db, email))!.id;
	for (const name of ['lead', 'member', 'helper', 'helper2', 'outsider'] as const) {
		id[name] = (await createUser(t.db, { email: `${name}@example.org`, password: 'ein langes passwort', displayName: `Person ${name}`, verified: true })).id;
	}
	for (const name of Object.keys(id) as Name[]) who[name] = await loadActor(t.db, id[name]);
	programmes = (await t.db.selectFrom('fundingProgrammes').select('id').orderBy('id').limit(2).execute()).map((p) => p.id);
	categoryKey = (await t.db.selectFrom('projectCategories').select('key').orderBy('position').executeTakeFirstOrThrow()).key;
	const altengeseke = (await getTenantBySlug(t.db, 'altengeseke'))!;
	// an API token of buerger's (member of Altengeseke): a token acts for scripts, it does not help on a project
	const citizen = (await getUserByEmail(t.db, 'buerger@example.org'))!.id;
	tokenActor = { userId: citizen, memberships: [{ tenantId: altengeseke.id, role: 'member' }], clubRoles: [], token: { id: 'tok', name: 'Skript', tenantId: altengeseke.id } };

	const koerbecke = (await getTenantBySlug(t.db, 'koerbecke'))!;
	foreign.project = (await t.db.selectFrom('projects').select('id').where('tenantId', '=', koerbecke.id).orderBy('id').executeTakeFirstOrThrow()).id;
	const foreignBoard = await loadBoard(t.db, foreign.project);
	foreign.task = [...foreignBoard.columns.todo, ...foreignBoard.columns.doing][0]!.id;
	foreign.milestone = foreignBoard.milestones[0]!.id;
	foreign.note = await addNote(t.db, { actor: who.adminB, ip, projectId: foreign.project, body: 'Notiz in Körbecke' });
	foreign.teamUser = (await listTeam(t.db, foreign.project)).find((m) => m.role !== 'lead')!.userId;

	sibling.project = await newProject('Nachbarprojekt im selben Dorf');
	sibling.milestone = await createMilestone(t.db, { actor: who.lead, ip, projectId: sibling.project, title: 'Etappe nebenan', dueOn: null });
	sibling.task = await createTask(t.db, { actor: who.lead, ip, projectId: sibling.project, input: taskInput({ title: 'Aufgabe nebenan' }) });
	sibling.note = await addNote(t.db, { actor: who.lead, ip, projectId: sibling.project, body: 'Notiz nebenan' });
	await joinTeam(t.db, { actor: who.helper2, ip, projectId: sibling.project });
}, 60_000);
afterAll(() => t.cleanup());

describe('refusals: who may not', () => {
	it('anonymous visitors are refused every write with 401, and nothing changes', async () => {
		const p = await furnished('Anonym versucht');
		const before = await snapshot();
		const writes = everyWrite(ANONYMOUS, p.projectId, { task: p.taken, milestone: p.milestone, note: p.note, user: id.helper, funding: p.funding });
		const { updateProject: profileWrite, changeStatus, postNews, ...work } = writes;
		for (const [name, run] of Object.entries(work)) expect([name, await code(run())]).toEqual([name, '401']);
		expect(await code(joinTeam(t.db, { actor: ANONYMOUS, ip, projectId: p.projectId }))).toBe('401');
		expect(await code(leaveTeam(t.db, { actor: ANONYMOUS, ip, projectId: p.projectId }))).toBe('401');
		expect(await code(takeTask(t.db, { actor: ANONYMOUS, ip, projectId: p.projectId, taskId: p.free }))).toBe('401');
		// the profile keeps the project pages' rule: anonymous is refused too (403, as for creating one)
		for (const run of [profileWrite, changeStatus, postNews]) expect(await code(run())).toMatch(/^40[13]$/);
		expect(await snapshot()).toEqual(before);
	});

	it('an API token cannot join a team or take a task (401)', async () => {
		const p = await furnished('Token versucht');
		const before = await snapshot();
		expect(await code(joinTeam(t.db, { actor: tokenActor, ip, projectId: p.projectId }))).toBe('401');
		expect(await code(takeTask(t.db, { actor: tokenActor, ip, projectId: p.projectId, taskId: p.free }))).toBe('401');
		expect(await snapshot()).toEqual(before);
	});

	it('a helper may not edit the profile, keep tasks or milestones, read or write notes, or manage the team', async () => {
		const p = await furnished('Helfer darf wenig');
		const rights = (await loadProjectForWrite(t.db, p.projectId, who.helper)).rights;
		expect(rights).toEqual({ teamRole: 'helper', edit: false, manageTeam: false, readNotes: false, help: true });
		expect(await listNotes(t.db, p.projectId, rights.readNotes)).toEqual([]);
		const before = await snapshot();
		const writes = everyWrite(who.helper, p.projectId, { task: p.free, milestone: p.milestone, note: p.note, user: id.member, funding: p.funding });
		for (const [name, run] of Object.entries(writes)) expect([name, await code(run())]).toEqual([name, '403']);
		// nor move or give back the task someone else took
		await takeTask(t.db, { actor: who.outsider, ip, projectId: p.projectId, taskId: p.free });
		const mid = await snapshot();
		expect(await code(moveTask(t.db, { actor: who.helper, ip, projectId: p.projectId, taskId: p.free, status: 'doing', position: 0 }))).toBe('403');
		expect(await code(releaseTask(t.db, { actor: who.helper, ip, projectId: p.projectId, taskId: p.free }))).toBe('403');
		expect(await snapshot()).toEqual(mid);
		expect(mid.tasks).toEqual(before.tasks.map((task) => (task.id === p.free ? { ...task, assigneeId: id.outsider, updatedAt: expect.any(Number) } : task)));
	});

	it('a helper moves and gives back the task they took', async () => {
		const p = await furnished('Helfer bewegt seine Aufgabe');
		expect(await code(moveTask(t.db, { actor: who.helper, ip, projectId: p.projectId, taskId: p.taken, status: 'doing', position: 0 }))).toBe('ok');
		expect((await loadBoard(t.db, p.projectId)).columns.doing.map((task) => task.id)).toEqual([p.taken]);
		expect(await code(releaseTask(t.db, { actor: who.helper, ip, projectId: p.projectId, taskId: p.taken }))).toBe('ok');
		expect((await loadBoard(t.db, p.projectId)).columns.doing[0]!.assigneeId).toBeNull();
		// once given back, it is no longer theirs to move
		expect(await code(moveTask(t.db, { actor: who.helper, ip, projectId: p.projectId, taskId: p.taken, status: 'done', position: 0 }))).toBe('403');
	});

	it('a member edits the profile, the board and the notes, but does not manage the team', async () => {
		const p = await furnished('Mitglied arbeitet mit');
		const rights = (await loadProjectForWrite(t.db, p.projectId, who.member)).rights;
		expect(rights).toEqual({ teamRole: 'member', edit: true, manageTeam: false, readNotes: true, help: true });
		const before = await snapshot();
		expect(await code(changeTeamRole(t.db, { actor: who.member, ip, projectId: p.projectId, userId: id.helper, role: 'member' }))).toBe('403');
		expect(await code(removeFromTeam(t.db, { actor: who.member, ip, projectId: p.projectId, userId: id.helper }))).toBe('403');
		expect(await snapshot()).toEqual(before);
		// …and may not delete the lead's note (only its author or whoever manages the team)
		expect(await code(deleteNote(t.db, { actor: who.member, ip, projectId: p.projectId, noteId: p.note }))).toBe('403');
		expect(await code(updateProject(t.db, { actor: who.member, ip, projectId: p.projectId, input: updateProjectSchema.parse({ title: 'Mitglied ändert den Titel', categoryKey }) }))).toBe('ok');
		expect(await code(createTask(t.db, { actor: who.member, ip, projectId: p.projectId, input: taskInput({ assigneeId: id.helper }) }))).toBe('ok');
		expect(await code(updateTask(t.db, { actor: who.member, ip, projectId: p.projectId, input: updateInput(p.free, { milestoneId: p.milestone, dueOn: '2026-07-01' }) }))).toBe('ok');
		expect(await code(addProjectFunding(t.db, { actor: who.member, ip, projectId: p.projectId, input: { programmeId: programmes[1]!, amount: null, sharePercent: null, state: 'used' } }))).toBe('ok');
		expect(await code(removeProjectFunding(t.db, { actor: who.member, ip, projectId: p.projectId, fundingId: p.funding }))).toBe('ok');
		const own = await addNote(t.db, { actor: who.member, ip, projectId: p.projectId, body: 'Notiz des Mitglieds' });
		expect((await listNotes(t.db, p.projectId, true)).map((n) => n.id)).toEqual([own, p.note]);
		expect(await code(deleteNote(t.db, { actor: who.member, ip, projectId: p.projectId, noteId: own }))).toBe('ok');
	});

	it('the lead manages the team', async () => {
		const p = await furnished('Leitung verwaltet');
		expect((await loadProjectForWrite(t.db, p.projectId, who.lead)).rights).toEqual({ teamRole: 'lead', edit: true, manageTeam: true, readNotes: true, help: true });
		await changeTeamRole(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.helper, role: 'member' });
		await removeFromTeam(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.member });
		expect(await teamOf(p.projectId)).toEqual([
			[id.lead, 'lead'],
			[id.helper, 'member']
		]);
	});

	it("the village's editor manages without being in the team", async () => {
		const p = await furnished('Redaktion verwaltet');
		const rights = (await loadProjectForWrite(t.db, p.projectId, who.editorA)).rights;
		expect(rights).toEqual({ teamRole: null, edit: true, manageTeam: true, readNotes: true, help: true });
		await changeTeamRole(t.db, { actor: who.editorA, ip, projectId: p.projectId, userId: id.helper, role: 'lead' });
		await removeFromTeam(t.db, { actor: who.editorA, ip, projectId: p.projectId, userId: id.member });
		await deleteNote(t.db, { actor: who.editorA, ip, projectId: p.projectId, noteId: p.note });
		await createTask(t.db, { actor: who.editorA, ip, projectId: p.projectId, input: taskInput({ title: 'Von der Redaktion' }) });
		expect(await teamOf(p.projectId)).toEqual([
			[id.lead, 'lead'],
			[id.helper, 'lead']
		]);
		expect(await listNotes(t.db, p.projectId, true)).toEqual([]);
	});

	it('an admin of another village is refused every write (403) and changes no row', async () => {
		const p = await furnished('Fremde Verwaltung');
		expect((await loadProjectForWrite(t.db, p.projectId, who.adminB)).rights).toMatchObject({ teamRole: null, edit: false, manageTeam: false, readNotes: false });
		const before = await snapshot();
		for (const ids of [
			{ task: p.taken, milestone: p.milestone, note: p.note, user: id.helper, funding: p.funding },
			{ task: p.free, milestone: p.milestone, note: p.note, user: id.lead, funding: p.funding }
		]) {
			for (const [name, run] of Object.entries(everyWrite(who.adminB, p.projectId, ids))) expect([name, await code(run())]).toEqual([name, '403']);
		}
		expect(await snapshot()).toEqual(before);
	});
});

describe('helping from another village', () => {
	it("an admin of another village helps like anyone signed in: as a helper, with a helper's rights only", async () => {
		const p = await furnished('Hilfe aus dem Nachbardorf');
		await joinTeam(t.db, { actor: who.adminB, ip, projectId: p.projectId });
		await takeTask(t.db, { actor: who.adminB, ip, projectId: p.projectId, taskId: p.free });
		expect((await loadProjectForWrite(t.db, p.projectId, who.adminB)).rights).toEqual({ teamRole: 'helper', edit: false, manageTeam: false, readNotes: false, help: true });
		const before = await snapshot();
		const writes = everyWrite(who.adminB, p.projectId, { task: p.taken, milestone: p.milestone, note: p.note, user: id.helper, funding: p.funding });
		for (const [name, run] of Object.entries(writes)) expect([name, await code(run())]).toEqual([name, '403']);
		expect(await snapshot()).toEqual(before);
	});
});

describe('a hidden project', () => {
	it('cannot be joined, and its tasks cannot be taken (404), by people who do not moderate the pool', async () => {
		const p = await furnished('Ausgeblendet');
		await setProjectHidden(t.db, { actor: who.county, ip, projectId: p.projectId, hidden: true, reason: 'Prüfung läuft' });
		const before = await snapshot();
		expect(await code(joinTeam(t.db, { actor: who.outsider, ip, projectId: p.projectId }))).toBe('404');
		expect(await code(takeTask(t.db, { actor: who.outsider, ip, projectId: p.projectId, taskId: p.free }))).toBe('404');
		expect(await code(moveTask(t.db, { actor: who.helper, ip, projectId: p.projectId, taskId: p.taken, status: 'done', position: 0 }))).toBe('404');
		expect(await code(createTask(t.db, { actor: who.adminB, ip, projectId: p.projectId, input: taskInput() }))).toBe('404');
		expect(await snapshot()).toEqual(before);
	});
});

describe('refusals: ids of another project or village', () => {
	it("a task, milestone, note or person of another project is not found (404), and nothing changes", async () => {
		const p = await furnished('Fremde Ids');
		const before = await snapshot();
		// the same village's other project (its helper) and Körbecke's project (someone of its team)
		for (const other of [{ ...sibling, user: id.helper2 }, { ...foreign, user: foreign.teamUser }]) {
			const user = other.user;
			const writes = everyWrite(who.lead, p.projectId, { task: other.task, milestone: other.milestone, note: other.note, user, funding: 'none' });
			for (const name of ['changeTeamRole', 'removeFromTeam', 'updateTask', 'moveTask', 'releaseTask', 'deleteTask', 'setMilestoneDone', 'deleteMilestone', 'deleteNote'] as const) {
				expect([name, await code(writes[name]())]).toEqual([name, '404']);
			}
			expect(await code(takeTask(t.db, { actor: who.outsider, ip, projectId: p.projectId, taskId: other.task }))).toBe('404');
			// the village's editor, who may keep both projects of the village, is held to the project too
			expect(await code(deleteTask(t.db, { actor: who.editorA, ip, projectId: p.projectId, taskId: other.task }))).toBe('404');
			expect(await code(deleteNote(t.db, { actor: who.editorA, ip, projectId: p.projectId, noteId: other.note }))).toBe('404');
			expect(await code(deleteMilestone(t.db, { actor: who.editorA, ip, projectId: p.projectId, milestoneId: other.milestone }))).toBe('404');
		}
		// a person who is in no team at all, and an id that is nobody's
		expect(await code(changeTeamRole(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.outsider, role: 'lead' }))).toBe('404');
		expect(await code(removeFromTeam(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: 'no-such-person' }))).toBe('404');
		expect(await code(moveTask(t.db, { actor: who.lead, ip, projectId: 'no-such-project', taskId: p.free, status: 'done', position: 0 }))).toBe('404');
		expect(await code(changeTeamRole(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: '__proto__', role: 'lead' }))).toBe('404');
		expect(await code(deleteTask(t.db, { actor: who.lead, ip, projectId: p.projectId, taskId: 'constructor' }))).toBe('404');
		expect(await code(deleteNote(t.db, { actor: who.lead, ip, projectId: p.projectId, noteId: '__proto__' }))).toBe('404');
		expect(await snapshot()).toEqual(before);
	});

	it("an assignee outside the team and a milestone of another project are field errors, and nothing changes", async () => {
		const p = await furnished('Fremde Verknüpfungen');
		const before = await snapshot();
		const create = (over: Record<string, unknown>) => code(createTask(t.db, { actor: who.lead, ip, projectId: p.projectId, input: taskInput(over) }));
		const update = (over: Record<string, unknown>) => code(updateTask(t.db, { actor: who.lead, ip, projectId: p.projectId, input: updateInput(p.free, over) }));
		for (const assigneeId of [id.outsider, id.helper2, foreign.teamUser, 'no-such-person']) {
			expect(await create({ assigneeId })).toBe('400 assigneeId');
			expect(await update({ assigneeId })).toBe('400 assigneeId');
		}
		for (const milestoneId of [sibling.milestone, foreign.milestone, 'no-such-milestone']) {
			expect(await create({ milestoneId })).toBe('400 milestoneId');
			expect(await update({ milestoneId })).toBe('400 milestoneId');
		}
		expect(await snapshot()).toEqual(before);
	});
});

describe('refusals: bad input', () => {
	const fields = (result: ReturnType<typeof parseInput>) => (result.ok ? {} : result.errors);

	it('bad status, position and dates are refused naming the field, in German', () => {
		const move = fields(parseInput(moveTaskSchema, { taskId: 'x', status: 'archived', position: '-1' }));
		expect(Object.keys(move).sort()).toEqual(['position', 'status']);
		expect(move.status).toMatch(/^Status: /);
		expect(move.position).toMatch(/^Position: /);
		expect(Object.keys(fields(parseInput(moveTaskSchema, { taskId: 'x', status: 'done', position: 'oben' })))).toEqual(['position']);
		expect(Object.keys(fields(parseInput(moveTaskSchema, { taskId: 'x', status: 'done', position: '1.5' })))).toEqual(['position']);
		expect(Object.keys(fields(parseInput(moveTaskSchema, { taskId: 'x', status: '__proto__', position: '0' })))).toEqual(['status']);
		const task = fields(parseInput(createTaskSchema, { title: 'Zaun', status: 'erledigt', dueOn: '2026-13-45' }));
		expect(Object.keys(task).sort()).toEqual(['dueOn', 'status']);
		expect(task.dueOn).toMatch(/^Fällig am: /);
		expect(Object.keys(fields(parseInput(milestoneSchema, { title: 'Etappe', dueOn: 'morgen' })))).toEqual(['dueOn']);
		expect(Object.keys(fields(parseInput(teamRoleSchema, { userId: 'x', role: 'owner' })))).toEqual(['role']);
		expect(Object.keys(fields(parseInput(teamRoleSchema, { userId: 'x', role: 'constructor' })))).toEqual(['role']);
		expect(Object.keys(fields(parseInput(updateTaskSchema, { title: 'Zaun' })))).toEqual(['taskId']);
		// an empty date or choice from a form is "none", not an error
		expect(parseInput(createTaskSchema, { title: 'Zaun', dueOn: '', assigneeId: '', milestoneId: '' })).toMatchObject({ ok: true, data: { dueOn: null, assigneeId: null, milestoneId: null, status: 'todo' } });
	});

	it('oversized titles, texts and ids are refused naming the field', () => {
		const long = (n: number) => 'x'.repeat(n);
		expect(Object.keys(fields(parseInput(createTaskSchema, { title: long(161) })))).toEqual(['title']);
		expect(parseInput(createTaskSchema, { title: long(160) }).ok).toBe(true);
		expect(Object.keys(fields(parseInput(createTaskSchema, { title: 'Zaun', description: long(4001) })))).toEqual(['description']);
		expect(Object.keys(fields(parseInput(milestoneSchema, { title: long(161) })))).toEqual(['title']);
		expect(Object.keys(fields(parseInput(noteSchema, { body: long(10_001) })))).toEqual(['body']);
		expect(Object.keys(fields(parseInput(moveTaskSchema, { taskId: long(65), status: 'done', position: '0' })))).toEqual(['taskId']);
		expect(Object.keys(fields(parseInput(createTaskSchema, { title: 'Zaun', assigneeId: long(65) })))).toEqual(['assigneeId']);
		expect(Object.keys(fields(parseInput(createTaskSchema, { title: ' x ' })))).toEqual(['title']);
	});

	it('__proto__ and constructor are plain text as titles and notes', async () => {
		const p = await furnished('Prototyp');
		const task = await createTask(t.db, { actor: who.lead, ip, projectId: p.projectId, input: taskInput({ title: '__proto__', description: 'constructor' }) });
		const ms = await createMilestone(t.db, { actor: who.lead, ip, projectId: p.projectId, ...milestoneSchema.parse({ title: 'constructor' }) });
		await updateTask(t.db, { actor: who.lead, ip, projectId: p.projectId, input: updateInput(task, { title: '__proto__', description: 'constructor', milestoneId: ms }) });
		await addNote(t.db, { actor: who.lead, ip, projectId: p.projectId, body: noteSchema.parse({ body: '__proto__' }).body });
		const board = await loadBoard(t.db, p.projectId);
		expect(board.columns.todo.find((x) => x.id === task)).toMatchObject({ title: '__proto__', description: 'constructor', milestoneId: ms });
		expect(board.milestones.find((x) => x.id === ms)).toMatchObject({ title: 'constructor', tasks: 1, tasksDone: 0 });
		expect((await listNotes(t.db, p.projectId, true))[0]!.body).toBe('__proto__');
		expect(Object.prototype).not.toHaveProperty('title');
	});
});

describe('the last lead', () => {
	it('cannot leave, step down or be removed (409 role) until another lead exists', async () => {
		const p = await furnished('Letzte Leitung');
		const before = await snapshot();
		expect(await code(leaveTeam(t.db, { actor: who.lead, ip, projectId: p.projectId }))).toBe('409 role');
		expect(await code(changeTeamRole(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.lead, role: 'member' }))).toBe('409 role');
		expect(await code(changeTeamRole(t.db, { actor: who.editorA, ip, projectId: p.projectId, userId: id.lead, role: 'helper' }))).toBe('409 role');
		expect(await code(removeFromTeam(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.lead }))).toBe('409 role');
		expect(await code(removeFromTeam(t.db, { actor: who.editorA, ip, projectId: p.projectId, userId: id.lead }))).toBe('409 role');
		expect(await snapshot()).toEqual(before);
		// with a second lead, the first one may step down, and then leave
		await changeTeamRole(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.member, role: 'lead' });
		expect(await code(changeTeamRole(t.db, { actor: who.lead, ip, projectId: p.projectId, userId: id.lead, role: 'member' }))).toBe('ok');
		expect(await code(leaveTeam(t.db, { actor: who.lead, ip, projectId: p.projectId }))).toBe('ok');
		expect(await teamOf(p.projectId)).toEqual([
			[id.member, 'lead'],
			[id.helper, 'helper']
		]);
		// and now the new lead is the last one
		expect(await code(leaveTeam(t.db, { actor: who.member, ip, projectId: p.projectId }))).toBe('409 role');
	});
});

describe('the last two leads', () => {
	it('leaving at the same time: one of them stays (409 role for the other)', async () => {
		const projectId = await newProject('Zwei Leitungen gehen gleichzeitig');
		await changeTeamRole(t.db, { actor: who.lead, ip, projectId, userId: id.member, role: 'lead' });
		const results = await Promise.all([who.lead, who.member].map((actor) => code(leaveTeam(t.db, { actor, ip, projectId }))));
		expect([...results].sort()).toEqual(['409 role', 'ok']);
		expect((await teamOf(projectId)).filter(([, role]) => role === 'lead')).toHaveLength(1);
	});

	it('stepping down at the same time: one of them stays lead', async () => {
		const projectId = await newProject('Zwei Leitungen treten gleichzeitig zurück');
		await changeTeamRole(t.db, { actor: who.lead, ip, projectId, userId: id.member, role: 'lead' });
		const results = await Promise.all([who.lead, who.member].map((actor) => code(changeTeamRole(t.db, { actor, ip, projectId, userId: actor.userId!, role: 'member' }))));
		expect([...results].sort()).toEqual(['409 role', 'ok']);
		expect((await teamOf(projectId)).filter(([, role]) => role === 'lead')).toHaveLength(1);
	});
});

describe('the board', () => {
	const column = async (projectId: string, status: TaskStatus) => (await loadBoard(t.db, projectId)).columns[status].map((task) => [task.title, task.position]);
	const positions = async (projectId: string) => {
		const rows = await t.db.selectFrom('projectTasks').select(['status', 'position']).where('projectId', '=', projectId).execute();
		const out: Record<string, number[]> = {};
		for (const r of rows) (out[r.status] ??= []).push(r.position);
		return Object.fromEntries(Object.entries(out).map(([s, ps]) => [s, ps.sort((a, b) => a - b)]));
	};

	it('moves within a column and across columns: positions stay 0..n-1 in both, the task lands where asked', async () => {
		const projectId = await newProject('Brett sortieren');
		const ids: Record<string, string> = {};
		for (const title of ['A', 'B', 'C', 'D']) ids[title] = await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: `Aufgabe ${title}` }) });
		for (const title of ['X', 'Y']) ids[title] = await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: `Aufgabe ${title}`, status: 'doing' }) });
		// after every move each column is numbered 0..n-1 again
		const move = async (key: string, status: TaskStatus, position: number) => {
			await moveTask(t.db, { actor: who.lead, ip, projectId, taskId: ids[key]!, status, position });
			for (const ps of Object.values(await positions(projectId))) expect(ps).toEqual(ps.map((_, i) => i));
		};
		const titles = async (status: TaskStatus) => (await column(projectId, status)).map(([title]) => String(title).slice(-1)).join('');

		await move('A', 'todo', 2);
		expect(await titles('todo')).toBe('BCAD');
		await move('D', 'todo', 0);
		expect(await titles('todo')).toBe('DBCA');
		await move('C', 'doing', 1);
		expect(await titles('todo')).toBe('DBA');
		expect(await titles('doing')).toBe('XCY');
		await move('D', 'doing', 99);
		expect(await titles('doing')).toBe('XCYD');
		expect(await titles('todo')).toBe('BA');
		await move('B', 'done', 5);
		expect(await titles('done')).toBe('B');
		await move('A', 'todo', 7);
		expect(await titles('todo')).toBe('A');
		expect(await positions(projectId)).toEqual({ todo: [0], doing: [0, 1, 2, 3], done: [0] });
		await move('X', 'doing', 3);
		expect(await titles('doing')).toBe('CYDX');
		expect(await column(projectId, 'doing')).toEqual([
			['Aufgabe C', 0],
			['Aufgabe Y', 1],
			['Aufgabe D', 2],
			['Aufgabe X', 3]
		]);
		// deleting closes the gap; a new task goes to the end of its column
		await deleteTask(t.db, { actor: who.lead, ip, projectId, taskId: ids.Y! });
		await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: 'Aufgabe Z', status: 'doing' }) });
		expect(await titles('doing')).toBe('CDXZ');
		expect(await positions(projectId)).toEqual({ todo: [0], doing: [0, 1, 2, 3], done: [0] });
	});

	it('of two people taking the same task at once, exactly one gets it; the other gets 409 and stays out of the team', async () => {
		const projectId = await newProject('Gleichzeitig übernehmen');
		const taskId = await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: 'Schlüssel holen' }) });
		const results = await Promise.all([who.outsider, who.helper2].map((actor) => code(takeTask(t.db, { actor, ip, projectId, taskId }))));
		expect([...results].sort()).toEqual(['409 taskId', 'ok']);
		const winner = results[0] === 'ok' ? id.outsider : id.helper2;
		const [first, second] = await Promise.all([who.outsider, who.helper2].map((actor) => code(takeTask(t.db, { actor, ip, projectId, taskId }))));
		// the one who has it taking it again changes nothing; the other is still refused
		expect(winner === id.outsider ? [first, second] : [second, first]).toEqual(['ok', '409 taskId']);
		expect((await loadBoard(t.db, projectId)).columns.todo[0]!.assigneeId).toBe(winner);
		const team = await teamOf(projectId);
		expect(team).toContainEqual([winner, 'helper']);
		expect(team.map(([u]) => u)).not.toContain(winner === id.outsider ? id.helper2 : id.outsider);
		expect(await t.db.selectFrom('auditLog').select('actorId').where('action', '=', 'project.task.take').where('targetId', '=', projectId).execute()).toEqual([{ actorId: winner }]);
	});

	it('moves and new tasks at the same time keep every column numbered 0..n-1', async () => {
		const projectId = await newProject('Gleichzeitig sortieren');
		const ids: string[] = [];
		for (const title of ['A', 'B', 'C', 'D', 'E']) ids.push(await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: `Aufgabe ${title}` }) }));
		await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: 'Aufgabe H', status: 'done' }) });
		await Promise.all([
			moveTask(t.db, { actor: who.lead, ip, projectId, taskId: ids[0]!, status: 'doing', position: 0 }),
			moveTask(t.db, { actor: who.member, ip, projectId, taskId: ids[4]!, status: 'todo', position: 0 }),
			moveTask(t.db, { actor: who.lead, ip, projectId, taskId: ids[2]!, status: 'doing', position: 0 }),
			createTask(t.db, { actor: who.member, ip, projectId, input: taskInput({ title: 'Aufgabe F' }) }),
			createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title: 'Aufgabe G', status: 'doing' }) }),
			deleteTask(t.db, { actor: who.lead, ip, projectId, taskId: ids[1]! }),
			// one task moved by two people at once: whichever comes second moves it from where the first put it
			moveTask(t.db, { actor: who.member, ip, projectId, taskId: ids[3]!, status: 'done', position: 0 }),
			moveTask(t.db, { actor: who.lead, ip, projectId, taskId: ids[3]!, status: 'doing', position: 1 })
		]);
		const all = await positions(projectId);
		expect(all.todo).toHaveLength(2);
		expect([...all.doing!, ...all.done!]).toHaveLength(5);
		for (const ps of Object.values(all)) expect(ps).toEqual(ps.map((_, i) => i));
	});

	it('a done task cannot be taken (409)', async () => {
		const projectId = await newProject('Erledigtes bleibt erledigt');
		const taskId = await createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ status: 'done' }) });
		expect(await code(takeTask(t.db, { actor: who.outsider, ip, projectId, taskId }))).toBe('409 taskId');
		expect((await teamOf(projectId)).map(([u]) => u)).not.toContain(id.outsider);
	});
});

describe('leaving and removal', () => {
	it("give the person's open tasks back to nobody and keep the done ones with them", async () => {
		const projectId = await newProject('Aufgaben zurückgeben');
		const make = async (title: string, assigneeId: string | null, status: TaskStatus) => createTask(t.db, { actor: who.lead, ip, projectId, input: taskInput({ title, assigneeId, status }) });
		const helperOpen = await make('Helfer offen', id.helper, 'todo');
		const helperDoing = await make('Helfer läuft', id.helper, 'doing');
		const helperDone = await make('Helfer fertig', id.helper, 'done');
		const memberOpen = await make('Mitglied offen', id.member, 'doing');
		const memberDone = await make('Mitglied fertig', id.member, 'done');
		const leadOpen = await make('Leitung offen', id.lead, 'todo');
		const assignees = async () => Object.fromEntries((await t.db.selectFrom('projectTasks').select(['id', 'assigneeId']).where('projectId', '=', projectId).execute()).map((r) => [r.id, r.assigneeId]));

		await leaveTeam(t.db, { actor: who.helper, ip, projectId });
		await removeFromTeam(t.db, { actor: who.lead, ip, projectId, userId: id.member });
		expect(await assignees()).toEqual({ [helperOpen]: null, [helperDoing]: null, [helperDone]: id.helper, [memberOpen]: null, [memberDone]: id.member, [leadOpen]: id.lead });
		expect(await teamOf(projectId)).toEqual([[id.lead, 'lead']]);
		// the sibling project's tasks of the same people are untouched
		expect((await loadBoard(t.db, sibling.project)).columns.todo.find((x) => x.id === sibling.task)).toBeDefined();
	});
});

describe('adoption', () => {
	it('copies milestones and tasks as a template, no notes, no team but the adopter as lead, and tells the origin team', async () => {
		const origin = await newProject('Vorlage für andere Dörfer');
		const a = { actor: who.lead, ip, projectId: origin };
		const m1 = await createMilestone(t.db, { ...a, title: 'Planung', dueOn: '2026-03-01' });
		const m2 = await createMilestone(t.db, { ...a, title: 'Bau', dueOn: null });
		await setMilestoneDone(t.db, { ...a, milestoneId: m1, done: true });
		const task = (title: string, over: Record<string, unknown>) => createTask(t.db, { ...a, input: taskInput({ title, description: `Beschreibung ${title}`, ...over }) });
		await task('Förderantrag', { status: 'done', milestoneId: m1, assigneeId: id.member, dueOn: '2026-02-01' });
		const todo1 = await task('Material bestellen', { milestoneId: m2 });
		await task('Genehmigung holen', { status: 'doing', milestoneId: m1, assigneeId: id.lead, dueOn: '2026-04-01' });
		const todo2 = await task('Einweihung planen', {});
		const done2 = await task('Ortstermin', { status: 'done' });
		// the origin's order: todo2 before todo1, done2 before done1
		await moveTask(t.db, { ...a, taskId: todo2, status: 'todo', position: 0 });
		await moveTask(t.db, { ...a, taskId: done2, status: 'done', position: 0 });
		await takeTask(t.db, { actor: who.helper, ip, projectId: origin, taskId: todo1 });
		await addNote(t.db, { ...a, body: 'Telefonnummer des Bauamts' });
		const originBefore = { board: await loadBoard(t.db, origin), team: await teamOf(origin) };

		const { id: copy } = await adoptProject(t.db, { actor: who.adminB, ip, projectId: origin, village: 'koerbecke' });

		const milestones = await t.db.selectFrom('projectMilestones').selectAll().where('projectId', '=', copy).orderBy('position').execute();
		expect(milestones.map((ms) => [ms.title, ms.dueOn, ms.doneAt])).toEqual([
			['Planung', null, null],
			['Bau', null, null]
		]);
		expect(milestones.map((ms) => ms.id)).not.toContain(m1);
		expect(milestones.map((ms) => ms.id)).not.toContain(m2);
		const koerbecke = (await getTenantBySlug(t.db, 'koerbecke'))!;
		expect(new Set(milestones.map((ms) => ms.tenantId))).toEqual(new Set([koerbecke.id]));
		const [newPlanung, newBau] = milestones.map((ms) => ms.id);

		const tasks = await t.db.selectFrom('projectTasks').selectAll().where('projectId', '=', copy).orderBy('position').execute();
		expect(tasks.map((x) => [x.title, x.description, x.status, x.position, x.assigneeId, x.dueOn, x.milestoneId, x.tenantId])).toEqual([
			['Einweihung planen', 'Beschreibung Einweihung planen', 'todo', 0, null, null, null, koerbecke.id],
			['Material bestellen', 'Beschreibung Material bestellen', 'todo', 1, null, null, newBau, koerbecke.id],
			['Genehmigung holen', 'Beschreibung Genehmigung holen', 'todo', 2, null, null, newPlanung, koerbecke.id],
			['Ortstermin', 'Beschreibung Ortstermin', 'todo', 3, null, null, null, koerbecke.id],
			['Förderantrag', 'Beschreibung Förderantrag', 'todo', 4, null, null, newPlanung, koerbecke.id]
		]);
		expect(await t.db.selectFrom('projectNotes').select('id').where('projectId', '=', copy).execute()).toEqual([]);
		expect(await teamOf(copy)).toEqual([[id.adminB, 'lead']]);
		// the origin keeps all of its own
		expect({ board: await loadBoard(t.db, origin), team: await teamOf(origin) }).toEqual(originBefore);

		const told = await t.db.selectFrom('notifications').select(['userId', 'kind']).where('url', 'like', `/projects/${copy}-%`).execute();
		expect(told.map((n) => [n.kind, n.userId]).sort()).toEqual([
			['project.adopted', id.lead],
			['project.adopted', id.member]
		].sort());
	});

	it('the adopter, when in the origin team, is not told of their own adoption', async () => {
		const origin = await newProject('Eigene Übernahme');
		await changeTeamRole(t.db, { actor: who.lead, ip, projectId: origin, userId: id.helper, role: 'member' });
		await joinTeam(t.db, { actor: who.adminB, ip, projectId: origin });
		await changeTeamRole(t.db, { actor: who.lead, ip, projectId: origin, userId: id.adminB, role: 'member' });
		const count = async (userId: string) => (await t.db.selectFrom('notifications').select('id').where('userId', '=', userId).where('kind', '=', 'project.adopted').execute()).length;
		const before = { adminB: await count(id.adminB), lead: await count(id.lead), helper: await count(id.helper) };
		await adoptProject(t.db, { actor: who.adminB, ip, projectId: origin, village: 'koerbecke' });
		expect({ adminB: await count(id.adminB), lead: await count(id.lead), helper: await count(id.helper) }).toEqual({ adminB: before.adminB, lead: before.lead + 1, helper: before.helper + 1 });
	});
});

describe('new projects get a lead', () => {
	it('whoever creates a project leads it', async () => {
		const { id: projectId } = await createProject(t.db, { actor: who.adminA, ip, input: profile('Neue Leitung') });
		expect(await teamOf(projectId)).toEqual([[id.adminA, 'lead']]);
	});

	it("an idea's project is led by the editor who makes it, with the idea's author as a member", async () => {
		const altengeseke = (await getTenantBySlug(t.db, 'altengeseke'))!;
		const idea = await t.db.selectFrom('ideas').select(['id', 'authorId']).where('tenantId', '=', altengeseke.id).where('status', 'in', ['new', 'discussion']).where('authorId', '!=', id.editorA).orderBy('id').executeTakeFirstOrThrow();
		const { id: projectId } = await createProjectFromIdea(t.db, { actor: who.editorA, ip, ideaId: idea.id });
		expect(await teamOf(projectId)).toEqual([
			[id.editorA, 'lead'],
			[idea.authorId, 'member']
		]);
		expect((await loadProjectForWrite(t.db, projectId, await loadActor(t.db, idea.authorId))).rights).toMatchObject({ teamRole: 'member', edit: true, manageTeam: false });
	});
});

describe('the audit log', () => {
	it('records each write with ids only: no names, no e-mail addresses', async () => {
		const since = Date.now();
		const p = await furnished('Protokoll');
		const a = { actor: who.lead, ip, projectId: p.projectId };
		await moveTask(t.db, { ...a, taskId: p.free, status: 'doing', position: 0 });
		await updateTask(t.db, { ...a, input: updateInput(p.free, { assigneeId: id.member }) });
		await releaseTask(t.db, { ...a, taskId: p.free });
		await setMilestoneDone(t.db, { ...a, milestoneId: p.milestone, done: true });
		await setMilestoneDone(t.db, { ...a, milestoneId: p.milestone, done: false });
		await deleteMilestone(t.db, { ...a, milestoneId: p.milestone });
		await deleteNote(t.db, { ...a, noteId: p.note });
		await deleteTask(t.db, { ...a, taskId: p.free });
		await changeTeamRole(t.db, { ...a, userId: id.helper, role: 'member' });
		await removeFromTeam(t.db, { ...a, userId: id.helper });
		await leaveTeam(t.db, { actor: who.member, ip, projectId: p.projectId });
		const rows = await t.db.selectFrom('auditLog').selectAll().where('createdAt', '>=', since).where('action', 'like', 'project.%').orderBy('createdAt').orderBy('id').execute();
		const own = rows.filter((r) => r.targetId === p.projectId || (r.targetType === 'user' && String(r.data).includes(p.projectId)));
		expect(new Set(own.map((r) => r.action))).toEqual(
			new Set([
				'project.create',
				'project.team.join',
				'project.team.role',
				'project.team.leave',
				'project.team.remove',
				'project.task.create',
				'project.task.take',
				'project.task.move',
				'project.task.update',
				'project.task.release',
				'project.task.delete',
				'project.milestone.create',
				'project.milestone.done',
				'project.milestone.reopen',
				'project.milestone.delete',
				'project.note.create',
				'project.note.delete'
			])
		);
		for (const row of own) expect(row.actorId).toMatch(/\S/);
		const users = await t.db.selectFrom('users').select(['email', 'displayName']).execute();
		const everything = JSON.stringify(rows.map((r) => r.data));
		for (const u of users) {
			expect(everything).not.toContain(u.email);
			expect(everything).not.toContain(u.displayName);
		}
		expect(everything).not.toContain('0170 1234567');
		expect(everything).not.toContain('Farbe kaufen');
	});
});

describe('the demo seed', () => {
	it('gives every demo project a lead and numbers each column of its board 0..n-1', async () => {
		expect(seededProjects.length).toBeGreaterThan(5);
		for (const projectId of seededProjects) {
			const team = await listTeam(t.db, projectId);
			expect(team.filter((m) => m.role === 'lead').length, projectId).toBeGreaterThanOrEqual(1);
			const board = await loadBoard(t.db, projectId);
			// whoever has a task is in the team
			const inTeam = new Set(team.map((m) => m.userId));
			for (const task of Object.values(board.columns).flat()) if (task.assigneeId) expect(inTeam.has(task.assigneeId), task.title).toBe(true);
			for (const tasks of Object.values(board.columns)) expect(tasks.map((x) => x.position)).toEqual(tasks.map((_, i) => i));
			const ms = await t.db.selectFrom('projectMilestones').select('position').where('projectId', '=', projectId).orderBy('position').execute();
			expect(ms.map((x) => x.position)).toEqual(ms.map((_, i) => i));
		}
		const tasks = await t.db.selectFrom('projectTasks').select('id').where('projectId', 'in', seededProjects).execute();
		expect(tasks.length).toBeGreaterThan(0);
	});
});
