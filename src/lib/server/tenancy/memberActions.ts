import type { RequestEvent } from '@sveltejs/kit';
import { handleForm, requireUser } from '../http/forms.ts';
import { addMember, changeRole, removeMember } from './memberships.ts';
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from './schemas.ts';
import type { Tenant } from './tenants.ts';

/**
 * The member form actions (add with role, change role, remove), shared by the platform administration
 * and a village's own administration. `tenantOf` resolves the tenant from the route.
 */
export function memberActions(tenantOf: (event: RequestEvent) => Promise<Tenant>) {
	const run = <T>(event: RequestEvent, fn: (tenant: Tenant) => Promise<T>) => {
		requireUser(event);
		return tenantOf(event).then(fn);
	};
	return {
		addMember: (event: RequestEvent) =>
			handleForm(event, addMemberSchema, (input) =>
				run(event, async (tenant) => {
					await addMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
					return { saved: 'member', email: input.email };
				})
			),
		changeRole: (event: RequestEvent) =>
			handleForm(event, changeRoleSchema, (input) =>
				run(event, async (tenant) => {
					await changeRole(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
					return { saved: 'role' };
				})
			),
		removeMember: (event: RequestEvent) =>
			handleForm(event, removeMemberSchema, (input) =>
				run(event, async (tenant) => {
					await removeMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
					return { saved: 'removed' };
				})
			)
	};
}
