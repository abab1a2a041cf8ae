import type { RequestEvent } from '@sveltejs/kit';
import { handleForm } from '../http/forms.ts';
import { addMember, changeRole, removeMember } from './memberships.ts';
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from './schemas.ts';
import type { Tenant } from './tenants.ts';

/**
 * The member form actions (add with role, change role, remove), shared by the platform administration
 * and a village's own administration. `guard` resolves the tenant from the route and refuses anyone who may
 * not manage it (redirect to login, 403, 404) before the form is even read.
 */
export function memberActions(guard: (event: RequestEvent) => Promise<Tenant>) {
	return {
		addMember: async (event: RequestEvent) => {
			const tenant = await guard(event);
			return handleForm(event, addMemberSchema, async (input) => {
				await addMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
				return { saved: 'member', email: input.email };
			});
		},
		changeRole: async (event: RequestEvent) => {
			const tenant = await guard(event);
			return handleForm(event, changeRoleSchema, async (input) => {
				await changeRole(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
				return { saved: 'role' };
			});
		},
		removeMember: async (event: RequestEvent) => {
			const tenant = await guard(event);
			return handleForm(event, removeMemberSchema, async (input) => {
				await removeMember(event.locals.rt.db, { actor: event.locals.actor, tenant, input, ip: event.getClientAddress() });
				return { saved: 'removed' };
			});
		}
	};
}
