// The search in the other lists over the demo county, the same expectations on SQLite and PostgreSQL: the ideas
// (/ideas?q=), the funding catalogue (/funding?q=) and "Ähnliche Projekte" on a project's page. Hostile input
// and hidden rows first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../../tests/helpers/testDb.ts';
import { getUserByEmail } from '../../auth/accounts.ts';
import { loadActor, type Actor } from '../../policy/index.ts';
import { seedDemo } from '../../seed/demo.ts';
import { listProgrammes } from '../funding/fundingQueries.ts';
import { listFundingQuerySchema } from '../funding/schemas.ts';
import { hideIdea } from '../ideas/hideIdea.ts';
import { listIdeas } from '../ideas/listIdeas.ts';
import { listIdeasQuerySchema } from '../ideas/schemas.ts';
import { setProjectHidden } from '../projects/saveProject.ts';
import { similarProjects, titleTerms } from './similarProjects.ts';

let t: TestDb;
let county: Actor;

const ideaTitles = async (query: Record<string, string>) => (await listIdeas(t.db, listIdeasQuerySchema.parse(query))).ideas.map((i) => i.title);
const programmeKeys = async (query: Record<string, string>) => (await listProgrammes(t.db, listFundingQuerySchema.parse(query))).map((p) => p.key);
const similarTitles = async (title: string) => (await similarProjects(t.db, await projectByTitle(title))).map((p) => p.title);
const projectByTitle = (title: string) => t.db.selectFrom('projects').select(['id', 'title', 'categoryKey', 'tenantId']).where('title', '=', title).executeTakeFirstOrThrow();

beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db);
	county = await loadActor(t.db, (await getUserByEmail(t.db, 'kreis@example.org'))!.id);
});
afterAll(() => t.cleanup());

describe('ideas: /ideas?q=', () => {
	it.each(['"', '*', ':', '(', 'NEAR', 'OR', '-', '__proto__', 'constructor', 'a & b | !c', "'; drop table ideas; --"])('hostile query %j: no crash', async (q) => {
		expect(Array.isArray(await ideaTitles({ q }))).toBe(true);
	});
	it('refuses 2,000 characters (400 from the schema); only punctuation finds nothing', async () => {
		expect(listIdeasQuerySchema.safeParse({ q: 'x'.repeat(2000) }).success).toBe(false);
		expect(await ideaTitles({ q: '?!.,' })).toEqual([]);
		expect((await listIdeas(t.db, listIdeasQuerySchema.parse({ q: '!!!' }))).total).toBe(0);
	});
	it('finds by German word forms and prefixes, best match first; filters narrow', async () => {
		expect(await ideaTitles({ q: 'Mitfahrbänke' })).toEqual(['Mitfahrbank nach Anröchte']);
		expect(await ideaTitles({ q: 'mitfahr' })).toEqual(['Mitfahrbank nach Anröchte']);
		expect(await ideaTitles({ q: 'Repair' })).toEqual(expect.arrayContaining(['Repair-Café im Pfarrheim', 'Repair-Café für Fahrräder']));
		expect(await ideaTitles({ q: 'Repair', village: 'koerbecke' })).toEqual(['Repair-Café im Pfarrheim']);
		expect(await ideaTitles({ q: 'Repair', village: 'koerbecke', status: 'archived' })).toEqual([]);
		const { total, ideas } = await listIdeas(t.db, listIdeasQuerySchema.parse({ q: 'Streuobstwiesen' }));
		expect(ideas.map((i) => i.title)).toEqual(['Streuobstwiese am Sportplatz']);
		expect(total).toBe(1);
	});
	it('a hidden idea is never found', async () => {
		const idea = await t.db.selectFrom('ideas').select('id').where('title', '=', 'Mitfahrbank nach Anröchte').executeTakeFirstOrThrow();
		await hideIdea(t.db, { actor: county, input: { ideaId: idea.id, reason: 'Zur Prüfung' }, ip: '' });
		expect(await ideaTitles({ q: 'mitfahr' })).toEqual([]);
		expect((await listIdeas(t.db, listIdeasQuerySchema.parse({ q: 'mitfahrbank' }))).total).toBe(0);
	});
});

describe('funding catalogue: /funding?q=', () => {
	it.each(['"', '*', ':', '(', 'NEAR', '__proto__', 'constructor', '?!'])('hostile query %j: no crash, no programme', async (q) => {
		expect(Array.isArray(await programmeKeys({ q }))).toBe(true);
	});
	it('refuses 2,000 characters', () => {
		expect(listFundingQuerySchema.safeParse({ q: 'x'.repeat(2000) }).success).toBe(false);
	});
	it('finds by name and terms, umlauts folded; the category narrows', async () => {
		expect(await programmeKeys({ q: 'Buergerbus' })).toEqual(['buergerbus-nrw']);
		expect(await programmeKeys({ q: 'bürgerb' })).toEqual(['buergerbus-nrw']);
		expect(await programmeKeys({ q: 'heimat' })).toEqual(expect.arrayContaining(['heimat-nrw', 'nrw-stiftung']));
		// the name's match ranks above a match in the other texts
		expect((await programmeKeys({ q: 'heimat' }))[0]).toBe('heimat-nrw');
		expect(await programmeKeys({ q: 'heimat', category: 'mobilitaet' })).toEqual([]);
		expect(await programmeKeys({ q: 'Kein Programm heißt so' })).toEqual([]);
	});
});

describe('"Ähnliche Projekte"', () => {
	it('a title without significant words has none', async () => {
		expect(titleTerms('Am 30. an')).toEqual([]);
		const laden = await projectByTitle('Dorfladen in Bürgerhand');
		expect(await similarProjects(t.db, { ...laden, title: '!!' })).toEqual([]);
	});
	it('projects of other places with the same words, never itself nor its own place, at most 4', async () => {
		const bank = await projectByTitle('Mitfahrbänke nach Anröchte und Erwitte');
		const similar = await similarProjects(t.db, bank);
		expect(similar.map((p) => p.title)).toEqual(expect.arrayContaining(['Mitfahrbänke am Möhnesee', 'Mitfahrbank Delecke – mit Handy-Gruppe']));
		expect(similar.map((p) => p.id)).not.toContain(bank.id);
		expect(similar.every((p) => p.place.id !== bank.tenantId)).toBe(true);
		expect(similar.length).toBeLessThanOrEqual(4);
		expect((await similarProjects(t.db, bank, 1)).length).toBe(1);
	});
	it('the same category comes first', async () => {
		const shop = await projectByTitle('Dorfladen in Bürgerhand');
		const similar = await similarProjects(t.db, shop);
		expect(similar.length).toBeGreaterThanOrEqual(3);
		expect(similar.slice(0, 3).every((p) => p.categoryKey === shop.categoryKey)).toBe(true);
		expect(similar.map((p) => p.title)).toEqual(expect.arrayContaining(['Dorfladen im alten Pfarrhaus', 'Dorfladen Scheidingen', 'Dorfladen mit Selbstbedienung rund um die Uhr']));
	});
	it('hidden projects are left out', async () => {
		const hidden = await projectByTitle('Mitfahrbänke am Möhnesee');
		await setProjectHidden(t.db, { actor: county, ip: '', projectId: hidden.id, hidden: true, reason: 'Zur Prüfung' });
		expect(await similarTitles('Mitfahrbänke nach Anröchte und Erwitte')).not.toContain('Mitfahrbänke am Möhnesee');
		expect(await similarTitles('Mitfahrbänke nach Anröchte und Erwitte')).toContain('Mitfahrbank Delecke – mit Handy-Gruppe');
		await setProjectHidden(t.db, { actor: county, ip: '', projectId: hidden.id, hidden: false, reason: '' });
		expect(await similarTitles('Mitfahrbänke nach Anröchte und Erwitte')).toContain('Mitfahrbänke am Möhnesee');
	});
});
