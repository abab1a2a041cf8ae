import { MODULES } from '../../modules/registry.ts';
import type { Db } from '../db/index.ts';
import type { Role } from '../db/types.ts';
import { queueMail } from '../mail/queueMail.ts';
import { roleGrantedMail } from '../mail/templates.ts';
import { roleAtLeast } from './roles.ts';
import type { Tenant } from './tenants.ts';

/** Roles that come with a mail saying what the person can now do (a plain membership needs none). */
const APPOINTED = ['admin', 'editor', 'moderator'] as const;
type Appointed = (typeof APPOINTED)[number];
const isAppointed = (role: Role): role is Appointed => (APPOINTED as readonly string[]).includes(role);

/**
 * Queues the mail to someone who was just appointed admin, editor or moderator of a tenant (in the caller's
 * transaction, in their language): what the role lets them do there — the core's tasks and those of the
 * village's switched-on modules — and the links to where they do it. Nothing for a plain member.
 */
export async function queueRoleMail(trx: Db, args: { tenant: Pick<Tenant, 'id' | 'name' | 'slug' | 'kind'>; userId: string; role: Role; origin: string }): Promise<void> {
	const role = args.role;
	if (!isAppointed(role)) return;
	const user = await trx.selectFrom('users').select(['email', 'displayName', 'locale']).where('id', '=', args.userId).executeTakeFirst();
	if (!user) return;
	const village = args.tenant.kind === 'village';
	const enabled = village ? (await trx.selectFrom('villageModules').select('moduleId').where('tenantId', '=', args.tenant.id).where('enabledAt', 'is not', null).execute()).map((r) => r.moduleId) : [];
	const modulePermissions = MODULES.filter((mod) => enabled.includes(mod.id)).flatMap((mod) => mod.permissions.filter((p) => p.role !== 'member' && roleAtLeast(role, p.role)).map((p) => ({ module: mod.name, description: p.description })));
	const base = `${args.origin}/${args.tenant.slug}`;
	await queueMail(
		trx,
		roleGrantedMail({
			to: user.email,
			name: user.displayName,
			place: args.tenant.name,
			village,
			role,
			modulePermissions,
			links: village ? { admin: `${base}/admin`, app: `${base}/`, builder: `${base}/builder` } : { admin: `${args.origin}/admin`, app: null, builder: null },
			locale: user.locale
		})
	);
}
