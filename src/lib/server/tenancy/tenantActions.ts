import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { handleForm } from '../http/forms.ts';
import { inviteMember, withdrawInvitation } from './invitations.ts';
import { publishAccessChange } from '../realtime/access.ts';
import { changeRole, removeMember } from './memberships.ts';
import { addMemberSchema, changeRoleSchema, removeMemberSchema, withdrawInvitationSchema } from './schemas.ts';
import type { Tenant } from './tenants.ts';

type Guard = (event: RequestEvent) => Promise<Tenant>;

/**
 * A form action on one tenant: `guard` resolves the tenant from the route and refuses anyone who may not act
 * there (redirect to login, 403, 404) before the form is read; then the form is validated and `run` does the work.
 */
export function tenantAction<S extends z.ZodType, R>(guard: Guard, schema: S, run: (args: { event: RequestEvent; tenant: Tenant; input: z.infer<S> }) => Promise<R>) {
	return async (event: RequestEvent) => {
		const tenant = await guard(event);
		return handleForm(event, schema, (input) => run({ event, tenant, input }));
	};
}

/**
 * The member actions (invite with role, withdraw an invitation, change role, remove), shared by
 * /admin/tenants/<id> and /<village>/admin. "addMember" keeps its name (and URL), but it invites: the answer
 * is the same whether or not the address has an account.
 */
export function memberActions(guard: Guard) {
	const common = (event: RequestEvent, tenant: Tenant) => ({ actor: event.locals.actor, tenant, ip: event.getClientAddress() });
	return {
		addMember: tenantAction(guard, addMemberSchema, async ({ event, tenant, input }) => {
			const { rt, locale } = event.locals;
			await inviteMember(rt.db, { ...common(event, tenant), input, origin: rt.config.origin, locale });
			rt.kickJobs();
			return { saved: 'invited', email: input.email };
		}),
		withdrawInvitation: tenantAction(guard, withdrawInvitationSchema, async ({ event, tenant, input }) => {
			await withdrawInvitation(event.locals.rt.db, { ...common(event, tenant), invitationId: input.invitationId });
			return { saved: 'withdrawn' };
		}),
		changeRole: tenantAction(guard, changeRoleSchema, async ({ event, tenant, input }) => {
			await changeRole(event.locals.rt.db, { ...common(event, tenant), input, origin: event.locals.rt.config.origin });
			event.locals.rt.kickJobs();
			await publishAccessChange(event.locals.rt.hub, { userId: input.userId }).catch(() => {}); // realtime subscriptions re-checked
			return { saved: 'role' };
		}),
		removeMember: tenantAction(guard, removeMemberSchema, async ({ event, tenant, input }) => {
			const { undoId } = await removeMember(event.locals.rt.db, { ...common(event, tenant), input });
			await publishAccessChange(event.locals.rt.hub, { userId: input.userId }).catch(() => {});
			return { saved: 'removed', undo: undoId };
		})
	};
}
