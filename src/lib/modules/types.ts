// The contract between the core and a village-app module. A module's module.ts exports one
// `defineModule({...})`; registry.ts lists the modules. See docs/MODULES.md.
import type { Kysely, Migration } from 'kysely';
import type { z } from 'zod';
import type { Role } from '../server/db/types.ts';
import type { Actor } from '../server/policy/index.ts';
import type { Tenant } from '../server/tenancy/tenants.ts';
import type { FieldErrors } from '../server/http/validate.ts';
import type { StoredFile, UploadAccept } from '../server/files/uploads.ts';

export type Localized = { de: string; en: string };
export type Locale = 'de' | 'en';

/**
 * One audit action of a module as the history tells it. `sentence` is a template per language: `{who}` is the
 * person (or token) who acted, every other `{name}` is the value the entry's data recorded under that name
 * (texts as they are, numbers in the reader's notation), or "…" when the entry has none. Write the quotes around
 * names into the template: German ‚…‘, English ‘…’. `values` gives words for recorded codes, e.g.
 * `{ direction: { up: { de: 'nach oben', en: 'up' } } }`. Record in the entry's data what the sentence needs
 * (the link's title, not only its id): the thing may be gone when someone reads the history.
 */
export interface AuditActionText {
	/** a short label ("Link verschoben"), e.g. for filters */
	label: Localized;
	sentence: Localized;
	/** other sentences for entries that recorded a value under `when` (the first that matches is used) */
	variants?: { when: string; sentence: Localized }[];
	values?: Record<string, Record<string, Localized>>;
}

/** Icons every module may use (drawn by src/lib/ui/Icon.svelte). */
export const ICONS = ['link', 'calendar', 'news', 'megaphone', 'bell', 'chat', 'folder', 'phone', 'info', 'home', 'users', 'heart', 'star', 'map'] as const;
export type IconName = (typeof ICONS)[number];

/** What each icon shows, in words: for pickers (a select lists "Telefon", not "phone"). */
export const ICON_LABELS: Record<IconName, Localized> = {
	link: { de: 'Link', en: 'Link' },
	calendar: { de: 'Kalender', en: 'Calendar' },
	news: { de: 'Zeitung', en: 'Newspaper' },
	megaphone: { de: 'Megafon', en: 'Megaphone' },
	bell: { de: 'Glocke', en: 'Bell' },
	chat: { de: 'Sprechblase', en: 'Speech bubble' },
	folder: { de: 'Ordner', en: 'Folder' },
	phone: { de: 'Telefon', en: 'Phone' },
	info: { de: 'Information', en: 'Information' },
	home: { de: 'Haus', en: 'House' },
	users: { de: 'Personen', en: 'People' },
	heart: { de: 'Herz', en: 'Heart' },
	star: { de: 'Stern', en: 'Star' },
	map: { de: 'Karte', en: 'Map' }
};

/** The icons as options of a select, named in the language (by name, so people find one). */
export function iconOptions(locale: Locale): { value: IconName; label: string }[] {
	return ICONS.map((value) => ({ value, label: ICON_LABELS[value][locale] })).sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** A permission a module checks: who may do it, at least (roles are inherited down the tenant tree). */
export interface ModulePermission {
	id: string;
	role: Role;
	description: Localized;
}

/**
 * Who may use an action, read, page, feed or channel: `'public'` (anyone, also anonymous — say so explicitly),
 * `'signedIn'` (any signed-in person), or the id of one of the module's declared permissions. The core checks it
 * before the module's code runs.
 */
export type PermissionRef = 'public' | 'signedIn' | (string & {});

/** A page of the module, served at /<village>/<module>/<path>. `path` may hold ":params". */
export interface ModulePage {
	path: string;
	/** Svelte component in the module's ui/ folder, e.g. "Page" for ui/Page.svelte */
	component: string;
	title: Localized;
	/** who may see the page; default 'public' */
	permission?: PermissionRef;
}

/**
 * The module's database handle, bound to one village: every query on the module's declared tables is filtered
 * by the village (reads, updates, deletes, joins, subqueries) and every insert is stamped with it. A query on
 * an undeclared table, raw SQL, or a write during a read (page, widget, GET) throws. See db/tenantScope.ts.
 */
export type ModuleData<Tables> = Pick<Kysely<Tables>, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;

/** The Projektpool's statuses of a project (idea → planning → implementation → completed; or paused, cancelled). */
export type PoolProjectStatus = 'idea' | 'planning' | 'implementation' | 'completed' | 'paused' | 'cancelled';

/** A project of the village in the county's Projektpool, as a list shows it. */
export interface PoolProjectCard {
	id: string;
	title: string;
	summary: string;
	status: PoolProjectStatus;
	/** the category's name in the context's language */
	category: string;
	/** how often other places adopted it */
	adoptionCount: number;
	updatedAt: number;
	/** its page in the Projektpool ("/projects/<id>-<slug>"); its page in the app is "<id>-<slug>" below the module */
	ref: string;
	poolUrl: string;
}

/** One project of the village with what its page in the app shows (markdown fields as markdown). */
export interface PoolProject extends PoolProjectCard {
	goals: string;
	results: string;
	lessons: string;
	startedOn: string | null;
	indicators: { name: string; value: number; unit: string; measuredOn: string | null }[];
	/** its newest progress updates ("Neuigkeiten"), newest first (markdown bodies) */
	news: { id: string; body: string; authorName: string | null; createdAt: number }[];
}

/** An open idea of the village (new or under discussion). */
export interface PoolIdea {
	id: string;
	title: string;
	status: 'new' | 'discussion';
	category: string;
	createdAt: number;
	/** its page in the Projektpool ("/ideas/<id>") */
	poolUrl: string;
}

/**
 * The county's Projektpool as a module sees it: read-only, only this village's visible projects and ideas (hidden
 * ones never; another village's project is not found), and the core's own idea submission for this village.
 */
export interface ModulePool {
	/** the village's visible projects, newest change first (at most `limit`, 1–100, default 20) */
	projects: (args?: { limit?: number }) => Promise<PoolProjectCard[]>;
	/** one visible project of the village by its reference ("<id>-<slug>" or "<id>"); null for anything else */
	project: (ref: string) => Promise<PoolProject | null>;
	/** the village's open ideas, newest first (at most `limit`, 1–100, default 20) */
	ideas: (args?: { limit?: number }) => Promise<PoolIdea[]>;
	/** the Projektpool's categories (key and name in the context's language), for an idea's form */
	categories: () => Promise<{ key: string; name: string }[]>;
	/**
	 * submits an idea for this village as the actor, through the core's submission (its checks, audit entry, and
	 * the action's transaction); refusals come back as field errors in the context's language. Only in actions.
	 */
	submitIdea: (input: { title: string; description?: string; category: string }) => Promise<{ ok: true; id: string; poolUrl: string } | { ok: false; status: 400 | 403; errors: FieldErrors }>;
}

/** What a module's server code gets for one request (or job) in one village. */
export interface ModuleContext<Settings = Record<string, unknown>, Tables = Record<string, never>> {
	/** the module's tables, bound to this village (inside an action: the action's transaction) */
	data: ModuleData<Tables>;
	village: Tenant;
	actor: Actor;
	locale: Locale;
	/** the village's settings for this module, parsed by its schema (defaults filled in) */
	settings: Settings;
	/** true when the actor holds the module permission `id` in this village ('public' and 'signedIn' too) */
	can: (permission: PermissionRef) => boolean;
	/** writes an audit entry for this village in the action's transaction (with the API token that acted, if any) */
	audit: (entry: { action: string; targetType: string; targetId?: string | null; data?: Record<string, unknown> }) => Promise<void>;
	/** the client's address ('' in jobs) */
	ip: string;
	/** the app's address for absolute links (feeds, calendar files, messages): the request's, in jobs the configured ORIGIN */
	origin: string;
	/** the village's own members with at least `role` (default: everyone), e.g. to notify its editors; by name */
	members: (args?: { role?: Role }) => Promise<{ userId: string; displayName: string; role: Role }[]>;
	/**
	 * the display names of these people, by id, for showing who wrote something (authors of the module's rows, also
	 * admins of the municipality or county who are no members of the village); unknown ids are left out
	 */
	names: (userIds: readonly string[]) => Promise<Map<string, string>>;
	/** the county's Projektpool, read-only and bound to this village (see ModulePool) */
	pool: ModulePool;
	/** the village's clubs (for organisers, club rooms …), by name */
	clubs: () => Promise<{ id: string; name: string; slug: string }[]>;
	/** the village's clubs of which the actor is an admin (they write for their club), by name; none for anonymous */
	clubsAdministered: () => Promise<{ id: string; name: string; slug: string }[]>;
	/** the village's stored files (uploads arrive through an action's `uploads`): another village's id is not found */
	files: { get: (id: string) => Promise<StoredFile | undefined>; delete: (id: string) => Promise<boolean> };
	/** in-app notifications to people (the bell in the header); written in the action's transaction */
	notify: (args: { userIds: string[]; kind: string; title: string; body?: string; url?: string }) => Promise<void>;
	/** sends an event to the subscribers of one of the module's channels, after the action commits */
	publish: (channel: string, params: Record<string, string>, event: unknown) => void;
	/**
	 * queues one of the module's jobs (`jobs` in the manifest) for this village, in the action's transaction:
	 * at `runAt` (default now), once per `key` (idempotent), retried with back-off
	 */
	schedule: (args: { job: string; payload?: unknown; runAt?: number; key?: string }) => Promise<void>;
	/**
	 * fetches a text document from another server (a club's calendar, the municipality's waste dates) under the
	 * core's rules: http(s) only, ports 80/443, no local, private, link-local or other non-public address (checked
	 * when connecting, and again for each of at most 3 redirects), a deadline of 15 s, at most `maxBytes` (default
	 * 2 MB), no cookies or credentials. Throws an ExternalFetchError (moduleApi.ts) whose `reason` says why
	 * ('bad-url', 'bad-scheme', 'bad-port', 'refused-address', 'too-many-redirects', 'too-large', 'timeout',
	 * 'http-status' with `status`, 'network'). Fetch in a job or schedule, before `transaction`, never in an action:
	 * an action holds its transaction (on SQLite the whole database) while it runs.
	 */
	fetchText: (url: string, options?: { maxBytes?: number; accept?: string }) => Promise<{ text: string; url: string; contentType: string }>;
	/**
	 * runs `fn` in one transaction with a context bound to it, and bumps the village's content version in it: all of
	 * it commits or none. In an action (already one transaction) it simply runs `fn`. For jobs and schedules, whose
	 * statements otherwise commit one by one: do the slow work (fetching) before, and only the writes inside.
	 */
	transaction: <T>(fn: (ctx: ModuleContext<Settings, Tables>) => Promise<T>) => Promise<T>;
	/**
	 * keeps what an action is deleting, so that the person (or an admin of the village) can put it back with
	 * "Rückgängig" for 30 minutes (decision 014): call it in the deleting action with a snapshot of the rows — with
	 * their ids — and a label naming the thing in both languages ("Gruppe „Notdienste“ mit 2 Links"). `kind` must be
	 * declared in `server.undo`, whose `restore` gets the snapshot back. After the action the page shows
	 * "… gelöscht. [Rückgängig]". Answers the undo entry's id. Only in actions.
	 */
	offerUndo: (args: { kind: string; label: Localized; payload: unknown }) => Promise<string>;
	/**
	 * sends a push notification to the people who subscribed this village's devices to some of the module's
	 * `pushTopics` (ids as declared, e.g. ['important']); a device with several of them gets it once. Written in
	 * the action's transaction (in a job or schedule: inside ctx.transaction), sent after the commit. `title` at
	 * most 120 characters, `body` 500; `url` a path on this site opened on a tap; `urgency` 'high' only for what
	 * cannot wait; with `key`, at most once per key in this village (a reminder of one day). With `userIds` (at
	 * most 500), only those people's devices get it — the ones they subscribed to one of the topics while signed
	 * in (a chat mention); such a message is personal and not listed in the village's push history. Answers the
	 * message's id, or null when the key was used before.
	 */
	push: (args: { topics: string[]; title: string; body?: string; url?: string; urgency?: 'very-low' | 'low' | 'normal' | 'high'; ttl?: number; key?: string; userIds?: string[] }) => Promise<string | null>;
}

/** The answer of a module action: fields with errors (status 400/403/404/409) or data for the page or API. */
export type ModuleActionResult =
	| {
			ok: true;
			data?: Record<string, unknown>;
			/**
			 * for forms: where the browser goes next, a path below the module's main page ("event/<id>"; '' for the
			 * main page), so that a reload does not post again. The JSON API ignores it.
			 */
			redirect?: string;
	  }
	| { ok: false; status: 400 | 403 | 404 | 409; errors: FieldErrors; values?: Record<string, string | undefined> };

/**
 * A write: one zod schema and one permission for the form (a hidden "_action" field naming it) and, with `api`,
 * the JSON endpoint `METHOD /api/v1/villages/<village>/<module>/<api.path>[/<id>]`. The core checks the
 * permission, validates the input and runs `run` in one transaction (rolled back when it answers ok: false).
 */
export interface ModuleAction<Ctx, S extends z.ZodType = z.ZodType> {
	permission: PermissionRef;
	input: S;
	/**
	 * file fields of the form (or of a multipart/form-data API call): the core checks each file (type by its bytes,
	 * size), re-encodes images, stores it for the village and puts the new file's id into that input field; an
	 * image's alt text comes from `altField`. Invalid files are refused with the field named, like any input.
	 * `accept: 'calendar'` is read, not stored: an iCalendar file (UTF-8 text that begins with BEGIN:VCALENDAR, at
	 * most `maxBytes`, default 2 MB) whose text the core puts into the input field.
	 */
	uploads?: Record<string, { accept: UploadAccept; maxBytes?: number; altField?: string }>;
	/** the JSON endpoint; `id` names the input field that the URL's last segment fills */
	api?: { method: 'POST' | 'PATCH' | 'DELETE'; path: string; id?: string };
	/** one line for the API documentation */
	summary?: string;
	/** the shape of `data` in a successful answer (documented in OpenAPI) */
	output?: z.ZodType;
	run: (ctx: Ctx, input: z.output<S>) => Promise<ModuleActionResult>;
}

/** A read: GET /api/v1/villages/<village>/<module>/<name>, and …/<name>/<id> when `byId` */
export interface ModuleRead<Ctx> {
	permission: PermissionRef;
	/** also answer GET …/<name>/<id> (run gets the id; answering null or undefined means 404) */
	byId?: boolean;
	summary?: string;
	/** the answer's shape (documented in OpenAPI) */
	output?: z.ZodType;
	/**
	 * the search parameters it takes: the core checks them before `run` (400 naming the parameter, like an action's
	 * input) and passes the parsed value as `input`. Parameters it does not declare are ignored.
	 */
	query?: z.ZodType;
	/** `id`: the optional last URL segment; `query`: the search parameters; `input`: them parsed by `query` */
	run: (ctx: Ctx, args: { id: string | null; query: URLSearchParams; input: unknown }) => Promise<unknown>;
}

/** A public document at the village level: /<village>/<name>, e.g. "calendar.ics" or "news.xml". */
export interface ModuleFeed<Ctx> {
	contentType: string;
	/** the body, and when its content last changed (for Last-Modified); the core adds ETag and 304 answers */
	render: (ctx: Ctx, query: URLSearchParams) => Promise<{ body: string; lastModified?: number }>;
}

/** A realtime channel: clients subscribe with params; the core checks the permission, then `authorize`. */
export interface ModuleChannel<Ctx> {
	params: z.ZodObject;
	permission: PermissionRef;
	/** the module's own rule (room membership …); the tenant and the permission are checked before */
	authorize?: (ctx: Ctx, params: Record<string, string>) => Promise<boolean>;
	/**
	 * Resume after a reconnect (declare it together with `position`): the events of this channel whose position
	 * is greater than `after`, oldest first, at most `limit` of them, and `more: true` when there were more (the
	 * client then loads over HTTP). Runs read-only, after the subscription was allowed.
	 */
	replay?: (ctx: Ctx, params: Record<string, string>, options: { after: number; limit: number }) => Promise<{ events: unknown[]; more?: boolean }>;
	/**
	 * Where an event of this channel stands: a number that grows with every event of the topic (a room's message
	 * sequence), or null for events without a place (someone is typing); those are never replayed.
	 */
	position?: (event: unknown) => number | null;
}

/** A job run every `everyMinutes` for each village that has the module on (an import, a reminder sweep). */
export interface ModuleSchedule<Ctx> {
	id: string;
	everyMinutes: number;
	run: (ctx: Ctx) => Promise<void>;
}

/**
 * A notice at the top of the village's home screen, above the widgets (an important announcement …), while it
 * runs. `url` is a path on this site (the module's page about it); `until` (epoch ms) is the first moment it no longer runs.
 */
export interface ModuleBanner {
	title: string;
	text?: string;
	url: string;
	until?: number;
}

/**
 * The county's overview pages list every village's items of one kind in one list, so that nobody posts twice:
 * `events` on /calendar (soonest first), `articles` on /news (newest first); a municipality's page shows its
 * villages' ones.
 */
export type OverviewKind = 'events' | 'articles';

/** One item of a village on an overview page (what anyone may see: the module gets an anonymous context). */
export interface OverviewItem {
	/** unique within the village's module (an event's occurrence: the event's id and its day) */
	id: string;
	title: string;
	/** the item's page on this site, a path ("/koerbecke/calendar/event/…") */
	url: string;
	/** the order: an event's start, an article's publication (epoch ms) */
	at: number;
	/** an event's end (epoch ms) */
	end?: number;
	allDay?: boolean;
	/** one line under the title: an article's teaser, an event's place */
	text?: string;
	category: string;
	cancelled?: boolean;
	/** an important announcement while it runs */
	important?: boolean;
}

export interface ModuleOverview<Ctx> {
	kind: OverviewKind;
	/** the categories the village files its items under (for the filter) */
	categories: (ctx: Ctx) => string[];
	/**
	 * up to `limit` items in the kind's order (events: by `at` ascending, from those still running at `from`;
	 * articles: by `at` descending), ties on `at` broken by `id` in the same direction; optionally only of
	 * `category`. With `after`, only the items that come after the item (`at`, `id`) in that order; with
	 * `id: null`, only those after every item at `at`. Events: with `until`, only those that begin before it
	 * (the core widens the window step by step until a page is full).
	 */
	list: (ctx: Ctx, args: { limit: number; from: number; until?: number; after?: { at: number; id: string | null }; category?: string }) => Promise<OverviewItem[]>;
}

/**
 * How a module puts back what one of its actions deleted (`ctx.offerUndo`): the core checks who asks (the person
 * who deleted it, or an admin of the village, holding `permission`), the window and that it was not undone yet,
 * checks the stored snapshot with `payload`, and runs `restore` in one transaction with `ctx.data` bound to the
 * village. Answer `{ ok: false, status: 409, errors }` (naming the field) when what happened since clashes — a
 * group of that name exists again — and nothing is written.
 */
export interface ModuleUndo<Ctx> {
	permission: PermissionRef;
	payload: z.ZodType;
	restore: (ctx: Ctx, payload: never) => Promise<ModuleActionResult>;
}

export interface ModuleServer<Settings, Tables = Record<string, never>> {
	/** data for one of the module's pages; `params` are the page path's ":params", `query` the URL's search parameters */
	load: (ctx: ModuleContext<Settings, Tables>, page: ModulePage, params: Record<string, string>, query: URLSearchParams) => Promise<Record<string, unknown>>;
	/** data for the home-screen widget (only when the manifest has one) */
	widget?: (ctx: ModuleContext<Settings, Tables>) => Promise<Record<string, unknown>>;
	/** the home screen's banner while something important runs, else null (read-only ctx, anonymous visitors too) */
	banner?: (ctx: ModuleContext<Settings, Tables>) => Promise<ModuleBanner | null>;
	/** writes: form actions and JSON endpoints (see ModuleAction) */
	actions?: Record<string, ModuleAction<ModuleContext<Settings, Tables>>>;
	/** reads: GET /api/v1/villages/<village>/<module>/<name>[/<id>] */
	api?: Record<string, ModuleRead<ModuleContext<Settings, Tables>>>;
	/** village-level documents (/<village>/<name>) */
	feeds?: Record<string, ModuleFeed<ModuleContext<Settings, Tables>>>;
	/** realtime channels (see docs/REALTIME.md) */
	channels?: Record<string, ModuleChannel<ModuleContext<Settings, Tables>>>;
	/** job handlers, queued with ctx.schedule({ job }) */
	jobs?: Record<string, (ctx: ModuleContext<Settings, Tables>, payload: unknown) => Promise<void>>;
	/** recurring jobs, per village with the module on */
	schedules?: ModuleSchedule<ModuleContext<Settings, Tables>>[];
	/** the village's items on the county's overview pages (/calendar, /news, a municipality's page) */
	overview?: ModuleOverview<ModuleContext<Settings, Tables>>;
	/** what its deleting actions offer to undo, by kind (see ModuleUndo and ctx.offerUndo) */
	undo?: Record<string, ModuleUndo<ModuleContext<Settings, Tables>>>;
}

export interface ModuleManifest<S extends z.ZodObject = z.ZodObject, Tables = Record<string, never>> {
	/** URL segment and key; lower-case letters, digits and hyphens */
	id: string;
	name: Localized;
	description: Localized;
	icon: IconName;
	/** settings per village, with defaults; the builder renders its form from this schema (labels in .meta({ label })) */
	settings: S;
	/** settings that anyone may read (GET /api/v1/villages/<slug>/app) */
	publicSettings: (keyof z.infer<S> & string)[];
	permissions: ModulePermission[];
	pages: ModulePage[];
	/** home-screen widget: a Svelte component in ui/, fed by server.widget() */
	widget?: { component: string };
	/** the module's own migrations (run as "mod_<id>_<name>"); its tables start with the module id */
	migrations: Record<string, Migration>;
	/** the module's tables (camelCase, as in Tables); each has a tenant_id column, which the core fills and filters */
	tables: (keyof Tables & string)[];
	/**
	 * the text setting that names the module in this village's app — the navigation, the widget's heading and the
	 * page's title — once the village changed it from its default (the default stays the module's translated
	 * `name`). A label the village gave the entry in the builder's navigation wins over it.
	 */
	titleSetting?: keyof z.infer<S> & string;
	/**
	 * the module's columns that hold a person's user id, and what happens to their rows when that person deletes
	 * the account (GDPR Art. 17), in every village, in the deletion's transaction: `delete` the row, or
	 * `anonymise` it (the column becomes null — declare it nullable — and the row stays, like a comment of a
	 * deleted account). Every column that names a person belongs here. The person's data export (GDPR Art. 15)
	 * lists the rows too, unless `inExport: false` (a row that tells another person's act, e.g. who blocked them).
	 */
	personal?: { table: keyof Tables & string; column: string; onAccountDeleted: 'delete' | 'anonymise'; inExport?: false }[];
	/** push topics people can subscribe to */
	pushTopics: { id: string; name: Localized }[];
	server: ModuleServer<z.infer<S>, Tables>;
	/** labels of the fields in the module's action inputs, for validation messages that name the field */
	fieldLabels?: Record<string, Localized>;
	/** texts of the module's own validation messages (the message key of a zod refine, e.g. 'errUrl') */
	messages?: Record<string, Localized>;
	/**
	 * how the village's history tells the module's audit actions (e.g. "links.add"): best a sentence per language
	 * (`AuditActionText`); a bare label ("Link hinzugefügt") still works and is shown as "Anna Beispiel: Link hinzugefügt"
	 */
	auditActions?: Record<string, Localized | AuditActionText>;
	/** demo content for a village (npm start with the demo); `data` is bound to the village */
	seed?: (args: { data: ModuleData<Tables>; village: Tenant }) => Promise<void>;
}

/** Declares a module; only a typing aid (returns its argument). */
export function defineModule<S extends z.ZodObject, Tables = Record<string, never>>(manifest: ModuleManifest<S, Tables>): ModuleManifest<S, Tables> {
	return manifest;
}

/** Typing aid for a module's actions: `const action = actionFor<Ctx>()`, then `action({ permission, input, run })`. */
export function actionFor<Ctx>() {
	return <S extends z.ZodType>(a: ModuleAction<Ctx, S>): ModuleAction<Ctx> => a as unknown as ModuleAction<Ctx>;
}
