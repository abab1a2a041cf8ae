// "Rückgängig": puts a deleted thing back from its snapshot (undo.ts), in one transaction with its audit entry.
// Refused — and nothing written — when the entry is not this village's (404), not the actor's and they are no
// admin here (403), already undone (409), past its window (410), or when what happened since clashes (409).
import type { Locale } from '../../modules/types.ts';
import * as m from '../../paraglide/messages.js';
import { audit } from '../audit/audit.ts';
import type { AnyContext } from '../builder/moduleContext.ts';
import { allows, createModuleContext, type AfterCommit } from '../builder/moduleContext.ts';
import { enabledModule } from '../builder/villageModules.ts';
import type { Actor } from '../policy/index.ts';
import type { Runtime } from '../runtime.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { CORE_UNDO_KINDS, type RestoreResult } from './coreKinds.ts';
import { findUndo, mayUndo, undoLabel, type UndoEntry } from './undo.ts';

export type UndoOutcome = { ok: true; id: string; label: string } | { ok: false; status: 401 | 403 | 404 | 409 | 410; message: string; field?: string };

class Refused extends Error {
	constructor(readonly outcome: Extract<UndoOutcome, { ok: false }>) {
		super(outcome.message);
	}
}
const refuse = (status: 403 | 404 | 409 | 410, message: string, field?: string): never => {
	throw new Refused({ ok: false, status, message, ...(field ? { field } : {}) });
};

function parsePayload(entry: UndoEntry): unknown {
	try {
		return JSON.parse(entry.payload);
	} catch {
		return refuse(409, m.undo_err_gone());
	}
}

/** Restores one undo entry of this village for the actor; never throws for a refusal. */
export async function restoreUndo(args: { rt: Pick<Runtime, 'db' | 'hub' | 'kickJobs'>; village: Tenant; actor: Actor; id: string; locale: Locale; ip: string; now?: number }): Promise<UndoOutcome> {
	const { rt, village, actor, locale } = args;
	if (actor.userId === null) return { ok: false, status: 401, message: m.err_login_required() };
	const after: AfterCommit = { events: [], jobs: false };
	try {
		const outcome = await rt.db.transaction().execute(async (trx) => {
			const entry = await findUndo(trx, village.id, args.id);
			if (!entry) return refuse(404, m.err_not_found());
			if (!mayUndo(actor, entry, village)) return refuse(403, m.undo_err_not_yours());
			if (entry.undoneAt !== null) return refuse(409, m.undo_err_done());
			if (Number(entry.expiresAt) <= (args.now ?? Date.now())) return refuse(410, m.undo_err_expired());
			// Once: marking it first takes the entry's row lock, so a second restore at the same moment waits here and
			// then finds it done (409) instead of writing the same rows twice. A refusal below rolls the mark back.
			const marked = await trx.updateTable('undoEntries').set({ undoneAt: Date.now(), undoneBy: actor.userId }).where('id', '=', entry.id).where('undoneAt', 'is', null).executeTakeFirst();
			if (Number(marked.numUpdatedRows) !== 1) refuse(409, m.undo_err_done());
			const raw = parsePayload(entry);
			let result: RestoreResult;
			if (entry.moduleId === null) {
				const kind = Object.hasOwn(CORE_UNDO_KINDS, entry.kind) ? CORE_UNDO_KINDS[entry.kind]! : refuse(409, m.undo_err_gone());
				if (!kind.allowed(actor, village)) refuse(403, m.err_forbidden());
				const payload = kind.payload.safeParse(raw);
				if (!payload.success) refuse(409, m.undo_err_gone());
				result = await kind.restore(trx, { village, payload: payload.data as never, locale });
			} else {
				// a module's kind: only while the module is on in this village, with its ctx bound to this village
				const vm = await enabledModule(trx, village.id, entry.moduleId);
				const undo = vm?.module.server.undo;
				const kind = vm && undo && Object.hasOwn(undo, entry.kind) ? undo[entry.kind]! : refuse(409, m.undo_err_module_off());
				if (!allows(vm!.module, actor, village, kind.permission)) refuse(403, m.err_forbidden());
				const payload = kind.payload.safeParse(raw);
				if (!payload.success) refuse(409, m.undo_err_gone());
				const ctx: AnyContext = createModuleContext({ db: trx, village, module: vm!.module, settings: vm!.settings, actor, locale, ip: args.ip, afterCommit: after });
				const r = await kind.restore(ctx, payload.data as never);
				const [field, message] = r.ok ? [] : (Object.entries(r.errors)[0] ?? ['_form', m.undo_err_gone()]);
				result = r.ok ? { ok: true } : { ok: false, field: field === '_form' ? undefined : field, message: message ?? m.undo_err_gone() };
			}
			if (!result.ok) refuse(409, result.message, result.field);
			const label = undoLabel(entry, 'de');
			await audit(trx, {
				actorId: actor.userId,
				tenantId: village.id,
				tokenId: actor.token?.id ?? null,
				action: 'undo.restore',
				targetType: entry.moduleId ? `${entry.moduleId}.${entry.kind}` : entry.kind,
				targetId: entry.id,
				// the thing's name in both languages, for the history's sentence (the snapshot is purged after its window)
				data: { kind: entry.kind, ...(entry.moduleId ? { module: entry.moduleId } : {}), label, labelEn: undoLabel(entry, 'en') },
				ip: args.ip
			});
			return { ok: true as const, id: entry.id, label: undoLabel(entry, locale) };
		});
		for (const { topic, event } of after.events) void rt.hub.publish(topic, event).catch(() => {});
		if (after.jobs) rt.kickJobs();
		return outcome;
	} catch (e) {
		if (e instanceof Refused) return e.outcome;
		throw e;
	}
}
