import type { Generated } from 'kysely';

// Table types as the code sees them (camelCase; the CamelCasePlugin maps to snake_case columns).
// Conventions: ids are UUIDv7 text, timestamps are epoch milliseconds (bigint), JSON is stored as text,
// and there are no boolean columns (a nullable timestamp says when something became true).

export type TenantKind = 'county' | 'municipality' | 'village';
export type Role = 'admin' | 'editor' | 'moderator' | 'member';

export interface TenantsTable {
	id: string;
	parentId: string | null;
	kind: TenantKind;
	slug: string;
	name: string;
	/** materialised path of ids, e.g. "/county/municipality/village/": ancestors without a query */
	path: string;
	host: string | null;
	logoUrl: string | null;
	colorPrimary: string | null;
	colorAccent: string | null;
	description: string;
	/** bumped by every write in the tenant, in the same transaction (see db/contentVersion.ts) */
	contentVersion: number;
	/** since when the village's members may create projects there (each as the project's lead); null: they may not */
	membersCreateProjectsAt: number | null;
	/** the published app version's number (app_versions.version); 0: never published through the builder */
	appVersion: number;
	/** the published app's settings beyond name, colours and modules (JSON, see builder/appDraft.ts); null: defaults */
	appSettings: string | null;
	/** since when the village's editors may work on its app in the builder; null: only its admins */
	editorsBuildAppAt: number | null;
	/** where the place lies (WGS84 degrees, both or neither), for the projects map; null: not set */
	lat: number | null;
	lon: number | null;
	createdAt: number;
	updatedAt: number;
}

/** A slug a tenant had before a rename: requests to it are redirected (301) to the tenant's current slug. */
export interface TenantSlugHistoryTable {
	id: string;
	tenantId: string;
	slug: string;
	/** when the tenant stopped using this slug */
	createdAt: number;
}

export interface UsersTable {
	id: string;
	email: string;
	emailVerifiedAt: number | null;
	passwordHash: string;
	displayName: string;
	locale: string;
	createdAt: number;
	updatedAt: number;
}

export interface SessionsTable {
	/** sha256 of the cookie value */
	id: string;
	userId: string;
	createdAt: number;
	lastSeenAt: number;
	expiresAt: number;
	userAgent: string;
	ip: string;
	/** the host name the session was issued on; it is valid there only */
	host: string;
}

export interface UserTokensTable {
	/** sha256 of the secret sent by mail */
	id: string;
	userId: string;
	purpose: 'verify-email' | 'reset-password';
	expiresAt: number;
	usedAt: number | null;
	createdAt: number;
}

export interface MembershipsTable {
	id: string;
	tenantId: string;
	userId: string;
	role: Role;
	createdAt: number;
}

export interface ClubsTable {
	id: string;
	tenantId: string;
	name: string;
	slug: string;
	description: string;
	createdAt: number;
	updatedAt: number;
}

export interface ClubMembersTable {
	id: string;
	tenantId: string;
	clubId: string;
	userId: string;
	role: 'admin' | 'member';
	createdAt: number;
}

export interface AuditLogTable {
	id: string;
	tenantId: string | null;
	actorId: string | null;
	action: string;
	targetType: string;
	targetId: string | null;
	data: string;
	ip: string;
	/** the API token that acted, if any */
	tokenId: string | null;
	createdAt: number;
}

export interface JobsTable {
	id: string;
	kind: string;
	payload: string;
	idempotencyKey: string;
	runAt: number;
	attempts: Generated<number>;
	lockedUntil: number | null;
	doneAt: number | null;
	lastError: string | null;
	/** the village and module a module job belongs to (null: core jobs such as mail) */
	tenantId: Generated<string | null>;
	moduleId: Generated<string | null>;
	/** set when the job gave up after its last attempt */
	failedAt: Generated<number | null>;
	createdAt: number;
}

export interface DevMailboxTable {
	id: string;
	toAddress: string;
	subject: string;
	bodyText: string;
	createdAt: number;
}

export interface RateLimitsTable {
	key: string;
	windowStart: number;
	count: number;
}

export interface VillageModulesTable {
	id: string;
	tenantId: string;
	moduleId: string;
	/** null: switched off */
	enabledAt: number | null;
	position: number;
	/** JSON, validated by the module's settings schema on write */
	settings: string;
	updatedAt: number;
}

/** A village's app as it is being built: the whole configuration (builder/appDraft.ts), one row per village. */
export interface AppDraftsTable {
	tenantId: string;
	/** JSON, validated by appConfigSchema on every read and write */
	config: string;
	updatedBy: string | null;
	updatedAt: number;
}

/** Every published configuration of a village's app, numbered from 1. */
export interface AppVersionsTable {
	id: string;
	tenantId: string;
	version: number;
	config: string;
	note: string;
	publishedBy: string | null;
	publishedAt: number;
}

/** A county's decision on one module: where its villages may switch it on (see migration 014). */
export interface ModuleRolloutsTable {
	id: string;
	/** the county */
	tenantId: string;
	moduleId: string;
	mode: RolloutMode;
	/** since when the module is marked "Pilot"; null: it is not */
	pilotAt: number | null;
	updatedBy: string | null;
	updatedAt: number;
}

/** 'all': every municipality but those switched off; 'chosen': only those switched on; 'none': nowhere. */
export type RolloutMode = 'all' | 'chosen' | 'none';

/** One municipality's choice for a module where it differs from the module's mode. */
export interface ModuleRolloutChoicesTable {
	id: string;
	/** the county */
	tenantId: string;
	municipalityId: string;
	moduleId: string;
	/** since when the module is available there; null: it is not */
	availableAt: number | null;
	updatedAt: number;
}

export interface FilesTable {
	id: string;
	tenantId: string | null;
	contentType: string;
	dataBase64: string;
	size: number;
	createdAt: number;
	/** the upload this row belongs to: the id of its first rendition (null: a logo stored before uploads v2) */
	groupId: string | null;
	/** which rendition: "page", "page.webp", "thumb", "thumb.webp", "logo", "logo.webp", "original" (PDF) */
	variant: string | null;
	kind: 'image' | 'pdf' | null;
	/** the uploaded file's name, made safe */
	fileName: Generated<string>;
	altText: Generated<string>;
	width: number | null;
	height: number | null;
	createdBy: string | null;
}

export interface ApiTokensTable {
	id: string;
	userId: string;
	tenantId: string;
	name: string;
	/** sha256 of the secret (shown once) */
	tokenHash: string;
	role: Role;
	expiresAt: number;
	lastUsedAt: number | null;
	revokedAt: number | null;
	createdAt: number;
}

export interface NotificationsTable {
	id: string;
	userId: string;
	tenantId: string | null;
	moduleId: string | null;
	kind: string;
	title: string;
	body: string;
	url: string | null;
	readAt: number | null;
	createdAt: number;
}

/** A snapshot of what was deleted, for "Rückgängig" within a window (src/lib/server/undo/, decision 014). */
export interface UndoEntriesTable {
	id: string;
	tenantId: string;
	/** who deleted it (null once the account is gone: then only the village's admins may restore) */
	actorId: string | null;
	/** the module whose kind it is; null for the core's kinds */
	moduleId: string | null;
	kind: string;
	/** JSON { de, en }: what was deleted, for the notice */
	label: string;
	/** JSON: the deleted rows with their ids */
	payload: string;
	createdAt: number;
	expiresAt: number;
	undoneAt: number | null;
	undoneBy: string | null;
}

export interface InvitationsTable {
	id: string;
	tenantId: string;
	clubId: string | null;
	email: string;
	role: string;
	tokenHash: string;
	invitedBy: string | null;
	expiresAt: number;
	acceptedAt: number | null;
	createdAt: number;
}

/** A person's request to become a member of a village ("Mitglied werden"), migration 015. */
export interface JoinRequestsTable {
	id: string;
	tenantId: string;
	userId: string;
	message: string;
	status: 'open' | 'declined';
	createdAt: number;
	decidedAt: number | null;
	decidedBy: string | null;
}

// ---- Projektpool (migration 006): see src/lib/server/platform/

export type ProjectStatus = 'idea' | 'planning' | 'implementation' | 'completed' | 'paused' | 'cancelled';
export type IdeaStatus = 'new' | 'discussion' | 'project' | 'archived';

export interface ProjectCategoriesTable {
	id: string;
	/** the county that keeps the list */
	tenantId: string;
	key: string;
	nameDe: string;
	nameEn: string;
	position: number;
	createdAt: number;
}

export interface FundingProgrammesTable {
	id: string;
	/** the county that keeps the catalogue */
	tenantId: string;
	key: string;
	name: string;
	fundingBody: Generated<string>;
	/** as the programme states it, e.g. "bis zu 65 % der Nettokosten" */
	share: Generated<string>;
	maxAmount: number | null;
	deadlines: Generated<string>;
	eligibility: Generated<string>;
	url: Generated<string>;
	/** JSON array of category keys */
	categories: Generated<string>;
	createdAt: number;
	updatedAt: number;
}

export interface ProjectsTable {
	id: string;
	/** the village (or municipality, or county) that owns the project */
	tenantId: string;
	clubId: string | null;
	slug: string;
	title: string;
	summary: Generated<string>;
	status: ProjectStatus;
	categoryKey: string;
	/** JSON array of UN SDG numbers */
	sdgs: Generated<string>;
	goals: Generated<string>;
	targetGroup: Generated<string>;
	preconditions: Generated<string>;
	/** euros */
	costOneOff: number | null;
	/** euros per year */
	costRunning: number | null;
	volunteerHours: number | null;
	timeline: Generated<string>;
	/** ISO date */
	startedOn: string | null;
	/** markdown: the way to the solution */
	steps: Generated<string>;
	pitfalls: Generated<string>;
	lessons: Generated<string>;
	results: Generated<string>;
	contactName: Generated<string>;
	contactRole: Generated<string>;
	/** JSON array of { title, url } */
	links: Generated<string>;
	ideaId: string | null;
	/** the project this one was adopted from (lineage) */
	adaptedFromId: string | null;
	hiddenAt: number | null;
	hiddenReason: Generated<string>;
	createdBy: string | null;
	createdAt: number;
	updatedAt: number;
}

export interface ProjectIndicatorsTable {
	id: string;
	tenantId: string;
	projectId: string;
	name: string;
	value: number;
	unit: Generated<string>;
	measuredOn: string | null;
	position: number;
}

export interface ProjectFundingsTable {
	id: string;
	tenantId: string;
	projectId: string;
	programmeId: string | null;
	programmeName: string;
	amount: number | null;
	sharePercent: number | null;
	state: 'used' | 'applied';
	position: number;
}

export interface ProjectStatusChangesTable {
	id: string;
	tenantId: string;
	projectId: string;
	fromStatus: ProjectStatus | null;
	toStatus: ProjectStatus;
	note: Generated<string>;
	actorId: string | null;
	createdAt: number;
}

export interface IdeasTable {
	id: string;
	tenantId: string;
	clubId: string | null;
	/** null once the author deleted the account */
	authorId: string | null;
	title: string;
	description: Generated<string>;
	categoryKey: string;
	imageFileId: string | null;
	status: IdeaStatus;
	/** why it was archived, shown to the author */
	statusReason: Generated<string>;
	projectId: string | null;
	hiddenAt: number | null;
	hiddenReason: Generated<string>;
	createdAt: number;
	updatedAt: number;
}

export interface IdeaSupportsTable {
	id: string;
	tenantId: string;
	ideaId: string;
	userId: string;
	createdAt: number;
}

export interface IdeaCommentsTable {
	id: string;
	tenantId: string;
	ideaId: string;
	authorId: string | null;
	body: string;
	hiddenAt: number | null;
	createdAt: number;
}

export interface FollowsTable {
	id: string;
	/** the tenant of the followed project or idea */
	tenantId: string;
	userId: string;
	targetType: 'project' | 'idea';
	targetId: string;
	createdAt: number;
}

export interface ProjectUpdatesTable {
	id: string;
	tenantId: string;
	projectId: string;
	/** null once the author deleted the account */
	authorId: string | null;
	/** markdown */
	body: string;
	createdAt: number;
}

export type ProjectTeamRole = 'lead' | 'member' | 'helper';
export type TaskStatus = 'todo' | 'doing' | 'done';

export interface ProjectMembersTable {
	id: string;
	tenantId: string;
	projectId: string;
	userId: string;
	/** lead and member edit the project; a helper signed up ("Ich helfe mit") and works on tasks */
	role: ProjectTeamRole;
	createdAt: number;
}

export interface ProjectMilestonesTable {
	id: string;
	tenantId: string;
	projectId: string;
	title: string;
	/** YYYY-MM-DD */
	dueOn: string | null;
	doneAt: number | null;
	position: number;
	createdAt: number;
}

export interface ProjectTasksTable {
	id: string;
	tenantId: string;
	projectId: string;
	milestoneId: string | null;
	title: string;
	description: Generated<string>;
	status: TaskStatus;
	/** order within its column, 0 first */
	position: number;
	assigneeId: string | null;
	/** YYYY-MM-DD */
	dueOn: string | null;
	createdBy: string | null;
	createdAt: number;
	updatedAt: number;
}

export interface ProjectNotesTable {
	id: string;
	tenantId: string;
	projectId: string;
	/** null once the author deleted the account */
	authorId: string | null;
	/** markdown, seen by the team only */
	body: string;
	createdAt: number;
}

export interface ProjectQuestionsTable {
	id: string;
	/** the project's tenant */
	tenantId: string;
	projectId: string;
	/** null once the author deleted the account */
	authorId: string | null;
	/** markdown */
	body: string;
	createdAt: number;
	hiddenAt: number | null;
	hiddenReason: Generated<string>;
}

export interface ProjectAnswersTable {
	id: string;
	/** the project's tenant */
	tenantId: string;
	projectId: string;
	questionId: string;
	/** null once the author deleted the account */
	authorId: string | null;
	/** markdown */
	body: string;
	createdAt: number;
	hiddenAt: number | null;
	hiddenReason: Generated<string>;
}

export type ProjectFileKind = 'image' | 'document';

export interface ProjectFilesTable {
	id: string;
	tenantId: string;
	projectId: string;
	/** the stored file (an image's main rendition, or the PDF) */
	fileId: string;
	kind: ProjectFileKind;
	/** documents: their title; images: what the picture shows (alt text) */
	title: string;
	/** order within its kind, 0 first */
	position: number;
	/** null once the person deleted the account */
	createdBy: string | null;
	createdAt: number;
}

/** The contact data a tenant's legal pages are generated from ('' where not given), and a village's host name request. */
export interface TenantContactsTable {
	tenantId: string;
	/** the responsible body (Träger), e.g. "Dorfgemeinschaft Altengeseke e. V." */
	body: string;
	/** the person representing it (vertretungsberechtigt, responsible for the content) */
	person: string;
	/** postal address, one line per line */
	address: string;
	email: string;
	phone: string;
	/** the data protection officer or contact for the Datenschutzerklärung */
	privacyContact: string;
	/** the own host name the village asked the county for; null: none asked (or set since) */
	requestedHost: string | null;
	hostRequestedAt: number | null;
	hostRequestedBy: string | null;
	updatedAt: number;
}

export type LegalPageName = 'impressum' | 'datenschutz' | 'barrierefreiheit';

/** A tenant's own text for one of its legal pages (markdown); without a row the page shows the generated default. */
export interface LegalTextsTable {
	id: string;
	tenantId: string;
	page: LegalPageName;
	body: string;
	updatedBy: string | null;
	updatedAt: number;
}

/** A barrier reported on an accessibility statement (the county's admins hear of it); deleted after a year. */
export interface BarrierReportsTable {
	id: string;
	/** the village whose app (or the county whose platform) the report is about */
	tenantId: string;
	pageUrl: string;
	description: string;
	/** where the sender wants an answer; null: no answer wanted */
	email: string | null;
	locale: string;
	createdAt: number;
}

/** The installation's VAPID key pair (id 'vapid'), base64url: the 65-byte public point and the 32-byte private key. */
export interface PushKeysTable {
	id: string;
	publicKey: string;
	privateKey: string;
	createdAt: number;
}

/** One browser subscribed to a village's push topics (src/lib/server/push, decision 015). */
export interface PushSubscriptionsTable {
	id: string;
	tenantId: string;
	/** the push service's URL for this browser (checked against the allowed push services) */
	endpoint: string;
	/** the browser's P-256 public key and auth secret, base64url */
	p256dh: string;
	auth: string;
	/** the signed-in person who subscribed (their devices on /account) */
	userId: string | null;
	/** "Chrome auf Android", from the browser's user agent when it subscribed */
	device: Generated<string>;
	createdAt: number;
	updatedAt: number;
}

export interface PushSubscriptionTopicsTable {
	subscriptionId: string;
	tenantId: string;
	topic: string;
}

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';
export type PushDeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'gone';

export interface PushMessagesTable {
	id: string;
	tenantId: string;
	/** JSON array of topic ids; a subscription with any of them gets the message once */
	topics: string;
	/** JSON array of user ids: only these people's subscriptions get it (a chat mention); null: everyone's */
	userIds: string | null;
	title: string;
	body: string;
	/** a path on this site or an https address, opened when the notification is clicked */
	url: string;
	urgency: PushUrgency;
	/** seconds the push service keeps it for an offline device */
	ttl: number;
	/** the module that sent it (news, calendar …); null for an editor's message */
	moduleId: string | null;
	createdBy: string | null;
	tokenId: string | null;
	createdAt: number;
	/** when its deliveries were written (one per subscription of its topics) */
	preparedAt: number | null;
	/** when every delivery was settled; total/sent/failed/gone are final from then */
	finishedAt: number | null;
	total: Generated<number>;
	sent: Generated<number>;
	failed: Generated<number>;
	gone: Generated<number>;
}

export interface PushDeliveriesTable {
	id: string;
	messageId: string;
	subscriptionId: string;
	tenantId: string;
	state: PushDeliveryState;
	attempts: Generated<number>;
	/** pending: when it is due; sending: when the claim runs out (then another round may take it) */
	nextAt: number;
	lastStatus: number | null;
	lastError: string | null;
	updatedAt: number;
}

export interface Database {
	tenants: TenantsTable;
	users: UsersTable;
	sessions: SessionsTable;
	userTokens: UserTokensTable;
	memberships: MembershipsTable;
	clubs: ClubsTable;
	clubMembers: ClubMembersTable;
	auditLog: AuditLogTable;
	jobs: JobsTable;
	devMailbox: DevMailboxTable;
	rateLimits: RateLimitsTable;
	villageModules: VillageModulesTable;
	appDrafts: AppDraftsTable;
	appVersions: AppVersionsTable;
	moduleRollouts: ModuleRolloutsTable;
	moduleRolloutChoices: ModuleRolloutChoicesTable;
	tenantSlugHistory: TenantSlugHistoryTable;
	files: FilesTable;
	apiTokens: ApiTokensTable;
	notifications: NotificationsTable;
	invitations: InvitationsTable;
	joinRequests: JoinRequestsTable;
	undoEntries: UndoEntriesTable;
	projectCategories: ProjectCategoriesTable;
	fundingProgrammes: FundingProgrammesTable;
	projects: ProjectsTable;
	projectIndicators: ProjectIndicatorsTable;
	projectFundings: ProjectFundingsTable;
	projectStatusChanges: ProjectStatusChangesTable;
	ideas: IdeasTable;
	ideaSupports: IdeaSupportsTable;
	ideaComments: IdeaCommentsTable;
	follows: FollowsTable;
	projectUpdates: ProjectUpdatesTable;
	projectMembers: ProjectMembersTable;
	projectMilestones: ProjectMilestonesTable;
	projectTasks: ProjectTasksTable;
	projectNotes: ProjectNotesTable;
	projectQuestions: ProjectQuestionsTable;
	projectAnswers: ProjectAnswersTable;
	projectFiles: ProjectFilesTable;
	tenantContacts: TenantContactsTable;
	legalTexts: LegalTextsTable;
	barrierReports: BarrierReportsTable;
	pushKeys: PushKeysTable;
	pushSubscriptions: PushSubscriptionsTable;
	pushSubscriptionTopics: PushSubscriptionTopicsTable;
	pushMessages: PushMessagesTable;
	pushDeliveries: PushDeliveriesTable;
}
