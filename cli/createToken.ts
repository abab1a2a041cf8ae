// `allmende create-token`: an operator creates an API token for a person, under the same rule as the person
// would on /account/tokens — one tenant, a role no higher than the person's own there.
import { parseArgs } from 'node:util';
import { createApiToken, createTokenSchema } from '../src/lib/server/auth/apiTokens.ts';
import { getUserByEmail } from '../src/lib/server/auth/accounts.ts';
import type { Db } from '../src/lib/server/db/index.ts';
import { AppError } from '../src/lib/server/http/errors.ts';
import { effectiveRole } from '../src/lib/server/tenancy/roles.ts';
import { roleSchema } from '../src/lib/server/tenancy/schemas.ts';
import { getTenantBySlug } from '../src/lib/server/tenancy/tenants.ts';

const ROLES = roleSchema.options.join(', ');

/** Runs the command; prints the token on stdout and everything else on stderr. Returns the exit code. */
export async function createTokenCommand(db: Db, args: string[]): Promise<number> {
	const fail = (message: string) => {
		console.error(message);
		return 1;
	};
	let values: Record<string, string | undefined>;
	try {
		({ values } = parseArgs({ args, options: { email: { type: 'string' }, tenant: { type: 'string' }, role: { type: 'string' }, days: { type: 'string' }, name: { type: 'string' } } }));
	} catch (e) {
		return fail(`create-token: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (!values.email || !values.tenant || !values.role) return fail('create-token needs --email <address>, --tenant <slug> and --role <role>.');
	const role = roleSchema.safeParse(values.role);
	if (!role.success) return fail(`--role must be one of ${ROLES}; "${values.role}" is none of them.`);
	const user = await getUserByEmail(db, values.email.trim().toLowerCase());
	if (!user) return fail(`No account has the e-mail address ${values.email}.`);
	const tenant = await getTenantBySlug(db, values.tenant.trim().toLowerCase());
	if (!tenant) return fail(`No county, municipality or village has the slug "${values.tenant}".`);
	const input = createTokenSchema.safeParse({ tokenName: values.name ?? `CLI ${new Date().toISOString().slice(0, 10)}`, tenantId: tenant.id, role: role.data, days: values.days ?? '90' });
	if (!input.success) {
		const field = String(input.error.issues[0]?.path[0] ?? '');
		return fail(field === 'days' ? '--days must be a whole number from 1 to 365.' : '--name must be 1 to 80 characters.');
	}
	// The same rule as on /account/tokens: an operator cannot hand out more than the person holds.
	const memberships = await db.selectFrom('memberships').select(['tenantId', 'role']).where('userId', '=', user.id).execute();
	const own = effectiveRole(memberships, tenant.path);
	try {
		const token = await createApiToken(db, { userId: user.id, input: input.data, ip: '', via: 'cli' });
		console.error(`API token "${token.name}" for ${user.email} at ${tenant.name} as ${token.role}, valid until ${new Date(token.expiresAt).toISOString()}. It is shown only this once:`);
		console.log(token.secret);
		return 0;
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		if (!own) return fail(`${user.email} holds no role at ${tenant.name} (${tenant.slug}), neither there nor above it; a token can act only where its person holds a role.`);
		return fail(`${user.email} is ${own} at ${tenant.name}; a token can have at most that role, not ${role.data}.`);
	}
}
