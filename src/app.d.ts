import type { SessionUser } from '$lib/server/auth/sessions';
import type { Actor } from '$lib/server/policy';
import type { Runtime } from '$lib/server/runtime';
import type { Tenant } from '$lib/server/tenancy/tenants';
import type { AppConfig } from '$lib/server/builder/appDraft';
import type { ShellSnapshot } from '$lib/server/renderCache/shellCache';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			rt: Runtime;
			user: SessionUser | null;
			sessionId: string | null;
			actor: Actor;
			/** the tenant named by the first path segment, when there is one */
			tenant: Tenant | null;
			locale: 'de' | 'en';
			/** the app draft this request shows instead of the published app (builders' `?preview=draft` GETs only) */
			preview?: AppConfig | null;
			/** the shell's tenants and modules as of this request (kept in memory by content version) */
			shell?: ShellSnapshot;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
		interface PageData {
			user: { id: string; displayName: string; email: string } | null;
		}
	}
}

export {};
