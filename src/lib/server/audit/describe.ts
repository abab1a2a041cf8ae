// The history as people read it: each audit entry told as one sentence in the reader's language, naming who did
// what to which thing ("Anna Beispiel hat den Link ‚Apotheken-Notdienst‘ nach oben verschoben"). Ids and the raw
// data stay for the details toggle. The core's sentences are messages `audit_say_<action>` (see `sayKey`), a
// module's come from its manifest (`auditActions`, see AuditActionText in modules/types.ts).
import type { Db } from '../db/index.ts';
import * as m from '../../paraglide/messages.js';
import { MODULES } from '../../modules/registry.ts';
import type { AuditActionText, Locale, Localized } from '../../modules/types.ts';
import { formatBytes } from '../../ui/format.ts';
import { pushTopicName } from '../push/topics.ts';

type Params = Record<string, string | undefined>;
type Message = (inputs: Params, options: { locale: Locale }) => string;
const catalog = m as unknown as Record<string, Message | undefined>;
const say = (key: string, locale: Locale, params: Params = {}) => catalog[key]!(params, { locale });

/** The message key of a core action's sentence: "tenant.memberProjects" → "audit_say_tenant_member_projects". */
export function sayKey(action: string, variant?: string): string {
	const snake = action.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replaceAll('.', '_');
	return `audit_say_${snake}${variant ? `__${variant}` : ''}`;
}

/** The variants of a core sentence: used instead when the entry's data recorded this value. */
export const CORE_VARIANTS = ['club'] as const;

/** A module's text for one of its actions; a bare label (modules written before sentences) becomes a sentence too. */
export function moduleAuditText(action: string): AuditActionText | null {
	for (const module of MODULES) {
		const text = module.auditActions?.[action];
		if (!text) continue;
		return 'sentence' in text ? text : { label: text as Localized, sentence: { de: '', en: '' } };
	}
	return null;
}

/** Fills `{name}` in a template; a name without a value becomes "…". */
export function fillTemplate(template: string, params: Params): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '…');
}

/** One stored entry with what listAudit joined to it. */
export interface AuditRow {
	id: string;
	action: string;
	targetType: string;
	targetId: string | null;
	data: string;
	tenantId: string | null;
	actorId: string | null;
	/** null: the account is gone (or none acted) */
	actorName: string | null;
}

export interface Told {
	sentence: string;
	/** what the details toggle shows: the action's code, ids and the recorded data, each as text */
	details: [string, string][];
}

const asText = (v: unknown, locale: Locale): string | undefined => {
	if (typeof v === 'string') return v.trim() ? v : undefined;
	if (typeof v === 'number' && Number.isFinite(v)) return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE').format(v);
	return undefined;
};

function parseData(data: string): Record<string, unknown> {
	try {
		const parsed: unknown = JSON.parse(data);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** The names of things that entries point to, looked up in a few queries for a whole page of entries. */
interface Names {
	users: Map<string, string>;
	clubs: Map<string, string>;
	projects: Map<string, string>;
	ideas: Map<string, string>;
	tenants: Map<string, string>;
	tokens: Map<string, string>;
	categories: Map<string, { de: string; en: string }>;
	programmes: Map<string, string>;
	tasks: Map<string, string>;
	milestones: Map<string, string>;
	invitations: Map<string, string>;
	files: Map<string, string>;
}

const TARGET_TABLE: Record<string, keyof Names> = {
	user: 'users',
	club: 'clubs',
	project: 'projects',
	idea: 'ideas',
	tenant: 'tenants',
	apiToken: 'tokens',
	project_category: 'categories',
	funding_programme: 'programmes',
	invitation: 'invitations'
};

/** Data fields holding the id of a thing, and where its name is. */
const DATA_IDS: Record<string, keyof Names> = {
	userId: 'users',
	projectId: 'projects',
	taskId: 'tasks',
	milestoneId: 'milestones',
	programmeId: 'programmes',
	projectFileId: 'files'
};

async function lookUp(db: Db, rows: (AuditRow & { parsed: Record<string, unknown> })[], tenantIds: string[]): Promise<Names> {
	const want: Record<keyof Names, Set<string>> = {
		users: new Set(),
		clubs: new Set(),
		projects: new Set(),
		ideas: new Set(),
		tenants: new Set(),
		tokens: new Set(),
		categories: new Set(),
		programmes: new Set(),
		tasks: new Set(),
		milestones: new Set(),
		invitations: new Set(),
		files: new Set()
	};
	for (const r of rows) {
		const table = TARGET_TABLE[r.targetType];
		if (table && r.targetId) want[table].add(r.targetId);
		for (const [field, t] of Object.entries(DATA_IDS)) if (typeof r.parsed[field] === 'string') want[t].add(r.parsed[field] as string);
	}
	const ids = (k: keyof Names) => [...want[k]];
	const pairs = (list: { id: string; name: string }[]) => new Map(list.map((x) => [x.id, x.name]));
	// Each query only when there is something to find; tenant tables only within the tenants being read.
	const q = async <T>(k: keyof Names, run: (ids: string[]) => Promise<T[]>): Promise<T[]> => (want[k].size ? run(ids(k)) : []);
	const [users, clubs, projects, ideas, tenants, tokens, categories, programmes, tasks, milestones, invitations, files] = await Promise.all([
		q('users', (i) => db.selectFrom('users').select(['id', 'displayName as name']).where('id', 'in', i).execute()),
		q('clubs', (i) => db.selectFrom('clubs').select(['id', 'name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute()),
		q('projects', (i) => db.selectFrom('projects').select(['id', 'title as name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute()),
		q('ideas', (i) => db.selectFrom('ideas').select(['id', 'title as name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute()),
		q('tenants', (i) => db.selectFrom('tenants').select(['id', 'name']).where('id', 'in', i).where('id', 'in', tenantIds).execute()),
		q('tokens', (i) => db.selectFrom('apiTokens').select(['id', 'name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute()),
		// the county's catalogues are public: a village's entry may name the county's category or programme
		q('categories', (i) => db.selectFrom('projectCategories').select(['id', 'nameDe', 'nameEn']).where('id', 'in', i).execute()),
		q('programmes', (i) => db.selectFrom('fundingProgrammes').select(['id', 'name']).where('id', 'in', i).execute()),
		q('tasks', (i) => db.selectFrom('projectTasks').select(['id', 'title as name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute()),
		q('milestones', (i) => db.selectFrom('projectMilestones').select(['id', 'title as name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute()),
		// an open invitation's address is on the village's invitation list already; once it is gone, so is the address
		// only while the invitation is open: once accepted it is "jemanden" (the member's own entry names them)
		q('invitations', (i) => db.selectFrom('invitations').select(['id', 'email as name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).where('acceptedAt', 'is', null).execute()),
		q('files', (i) => db.selectFrom('projectFiles').select(['id', 'kind as name']).where('id', 'in', i).where('tenantId', 'in', tenantIds).execute())
	]);
	return {
		users: pairs(users),
		clubs: pairs(clubs),
		projects: pairs(projects),
		ideas: pairs(ideas),
		tenants: pairs(tenants),
		tokens: pairs(tokens),
		categories: new Map(categories.map((c) => [c.id, { de: c.nameDe, en: c.nameEn }])),
		programmes: pairs(programmes),
		tasks: pairs(tasks),
		milestones: pairs(milestones),
		invitations: pairs(invitations),
		files: pairs(files)
	};
}

/** Words for the statuses, roles and stages that entries record as codes (the app's own words for them). */
function word(prefix: string, code: unknown, locale: Locale): string | undefined {
	if (typeof code !== 'string' || !/^[a-z_]+$/.test(code)) return undefined;
	const message = catalog[`${prefix}${code}`];
	return message ? message({}, { locale }) : undefined;
}

/** Which words a `from`/`to` pair of an action is told in. */
const STAGE_WORDS: Record<string, string> = {
	'project.status': 'project_status_',
	'idea.move': 'ideas_status_',
	'project.task.move': 'board_',
	'project.team.role': 'team_role_'
};

const FIELD_WORDS: Record<string, string> = {
	name: 'audit_field_name',
	slug: 'audit_field_slug',
	description: 'audit_field_description',
	host: 'audit_field_host',
	colorPrimary: 'audit_field_color_primary',
	colorAccent: 'audit_field_color_accent',
	lat: 'map_audit_field_place',
	lon: 'map_audit_field_place'
};

function who(row: AuditRow, locale: Locale): string {
	if (row.actorId === null) return say('audit_someone_without_account', locale);
	return row.actorName ?? say('audit_a_deleted_account', locale);
}

/** The parameters a core sentence may use: the recorded names first, else the names as they are now. */
function coreParams(row: AuditRow, d: Record<string, unknown>, names: Names, locale: Locale): Params {
	const text = (v: unknown) => asText(v, locale);
	const id = (v: unknown) => (typeof v === 'string' ? v : '');
	const table = TARGET_TABLE[row.targetType];
	const current = table && row.targetId ? names[table].get(row.targetId) : undefined;
	const targetNow = current === undefined ? undefined : typeof current === 'string' ? current : current[locale];
	const module = MODULES.find((x) => x.id === row.targetId && row.targetType === 'module');
	const stage = STAGE_WORDS[row.action];
	const fileKind = text(d.kind) ?? names.files.get(id(d.projectFileId));
	return {
		who: who(row, locale),
		target: row.targetType === 'user' ? targetNow : row.action === 'undo.restore' ? text(locale === 'en' ? d.labelEn : d.label) : (text(d.name) ?? text(d.title) ?? targetNow),
		module: module?.name[locale] ?? text(d.module),
		club: text(d.club),
		role: word('role_', d.role, locale),
		direction: d.direction === 'up' || d.direction === 'down' ? say(`audit_direction_${d.direction}`, locale) : undefined,
		from: stage ? word(stage, d.from, locale) : undefined,
		to: stage ? word(stage, d.to, locale) : undefined,
		size: typeof d.size === 'number' ? formatBytes(d.size, locale) : undefined,
		version: typeof d.version === 'number' ? String(d.version) : undefined,
		onoff: typeof d.allowed === 'boolean' ? say(d.allowed ? 'audit_on' : 'audit_off', locale) : undefined,
		fields: row.action === 'tenant.update' ? [...new Set(Object.keys(d).map((k) => (FIELD_WORDS[k] ? say(FIELD_WORDS[k], locale) : k)))].join(', ') : undefined,
		file: say(fileKind === 'image' || fileKind === 'document' ? `audit_file_${fileKind}` : 'audit_file_some', locale),
		invitee: row.targetType === 'invitation' ? (targetNow ?? say('audit_someone', locale)) : undefined,
		member: names.users.get(id(d.userId)),
		project: names.projects.get(id(d.projectId)),
		task: text(d.task) ?? names.tasks.get(id(d.taskId)),
		milestone: text(d.milestone) ?? names.milestones.get(id(d.milestoneId)),
		programme: text(d.programme) ?? names.programmes.get(id(d.programmeId)),
		kind: text(d.kind),
		// a legal page's name: "Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit"
		page: d.page === 'impressum' || d.page === 'datenschutz' || d.page === 'barrierefreiheit' ? say(`legal_${d.page}_title`, locale) : undefined,
		// a push message's topic by its name ("Eilmeldungen aus dem Dorf"), also once its module is switched off
		topic: typeof d.topic === 'string' && d.topic.trim() ? pushTopicName(d.topic, locale) : undefined
	};
}

function moduleSentence(text: AuditActionText, row: AuditRow, d: Record<string, unknown>, locale: Locale): string {
	const params: Params = {};
	for (const [k, v] of Object.entries(d)) {
		const words = text.values?.[k];
		params[k] = words && typeof v === 'string' ? words[v]?.[locale] : asText(v, locale);
	}
	params.who = who(row, locale);
	const variant = text.variants?.find((x) => params[x.when] !== undefined);
	const template = (variant?.sentence ?? text.sentence)[locale];
	return template ? fillTemplate(template, params) : say('audit_say_label', locale, { who: params.who, label: text.label[locale] });
}

function details(row: AuditRow, d: Record<string, unknown>, locale: Locale): [string, string][] {
	const list: [string, string][] = [
		[say('audit_detail_action', locale), row.action],
		[say('audit_detail_entry', locale), row.id]
	];
	if (row.targetId) list.push([say('audit_detail_target', locale), `${row.targetType} ${row.targetId}`]);
	for (const [k, v] of Object.entries(d)) list.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
	return list;
}

/** Tells one entry, given the names looked up for its page. */
export function tell(row: AuditRow, names: Names, locale: Locale): Told {
	const d = parseData(row.data);
	const text = moduleAuditText(row.action);
	let sentence: string;
	if (text) sentence = moduleSentence(text, row, d, locale);
	else {
		const params = coreParams(row, d, names, locale);
		const variant = CORE_VARIANTS.find((v) => params[v] !== undefined && catalog[sayKey(row.action, v)]);
		const key = variant ? sayKey(row.action, variant) : sayKey(row.action);
		// a name the entry lacks (and that is gone now) reads "…"; an action without a sentence says that something changed
		const filled = new Proxy(params, { get: (p, k) => (typeof k === 'string' ? (p[k] ?? '…') : undefined) });
		sentence = catalog[key] ? catalog[key](filled, { locale }) : say('audit_say_unknown', locale, { who: params.who });
	}
	return { sentence, details: details(row, d, locale) };
}

/** Tells a page of entries: looks up the names they point to, then each entry's sentence and details. */
export async function tellAll<R extends AuditRow>(db: Db, rows: R[], tenantIds: string[], locale: Locale): Promise<(R & Told)[]> {
	const parsed = rows.map((r) => ({ ...r, parsed: parseData(r.data) }));
	const names = await lookUp(db, parsed, tenantIds);
	return rows.map((r) => ({ ...r, ...tell(r, names, locale) }));
}

export type { Names as AuditNames };
