// Every write of every module goes through here, for forms and for the JSON API alike: the core finds the
// declared action (own names only), checks its permission, validates the input with its schema, and runs it
// in one transaction that also bumps the village's content version. A refusal writes nothing.
import { isUniqueViolation } from '../db/errors.ts';
import type { z } from 'zod';
import type { AnyModule } from '../../modules/registry.ts';
import type { Locale, ModuleAction, ModuleActionResult } from '../../modules/types.ts';
import * as m from '../../paraglide/messages.js';
import { bumpContentVersion } from '../db/contentVersion.ts';
import { readCalendarUpload } from '../files/calendarUpload.ts';
import { formatBytes, MAX_UPLOAD_BYTES, prepareUpload, savePreparedUpload, uploadTooLarge, type PreparedUpload } from '../files/uploads.ts';
import { AppError } from '../http/errors.ts';
import { parseInput, type FieldErrors } from '../http/validate.ts';
import type { Actor } from '../policy/index.ts';
import type { Runtime } from '../runtime.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import { allows, createModuleContext, type AfterCommit, type AnyContext } from './moduleContext.ts';
import type { VillageModule } from './villageModules.ts';

export type AnyAction = ModuleAction<AnyContext, z.ZodType>;

export type ActionOutcome =
	| { ok: true; data: Record<string, unknown>; redirect?: string; /** the undo entry the action offered */ undoId?: string }
	| { ok: false; status: 400 | 401 | 403 | 404 | 409; errors: FieldErrors; values?: Record<string, string | undefined> };

/** The module's own action of this name; names from the prototype ("constructor", "__proto__") are not actions. */
export function formAction(module: AnyModule, name: string): AnyAction | undefined {
	const actions = module.server.actions;
	return actions && Object.hasOwn(actions, name) ? (actions[name] as AnyAction) : undefined;
}

/** The action behind a JSON endpoint: method, path and whether the URL carries an id must all match. */
export function apiAction(module: AnyModule, method: string, path: string, hasId: boolean): { name: string; action: AnyAction } | 'wrong-method' | undefined {
	let samePath = false;
	for (const [name, action] of Object.entries(module.server.actions ?? {})) {
		if (!action.api || action.api.path !== path || !!action.api.id !== hasId) continue;
		if (action.api.method === method) return { name, action: action as AnyAction };
		samePath = true;
	}
	return samePath ? 'wrong-method' : undefined;
}

/**
 * The errors for a module form whose body was over BODY_SIZE_LIMIT (its fields, "_action" included, cannot be read):
 * on the file field when the module's forms have only one (named with the module's label), else for the whole form.
 */
export function tooLargeErrors(module: AnyModule, locale: Locale): Record<string, string> {
	const fields = new Set(Object.values(module.server.actions ?? {}).flatMap((action) => Object.keys((action as AnyAction).uploads ?? {})));
	const [field] = fields;
	if (fields.size === 1 && field) return uploadTooLarge(field, { label: moduleTexts(module, locale).labels[field] }).fields;
	return { _form: m.err_file_too_large({ max: formatBytes(MAX_UPLOAD_BYTES) }) };
}

/** Field labels and message texts of a module in a language, for the validation messages. */
export function moduleTexts(module: AnyModule, locale: Locale) {
	const pick = (texts: Record<string, { de: string; en: string }> | undefined) => Object.fromEntries(Object.entries(texts ?? {}).map(([k, v]) => [k, v[locale]]));
	return { labels: pick(module.fieldLabels), messages: pick(module.messages) };
}

/**
 * Checks and re-encodes the action's declared files; refusals come back as field errors. A calendar file is read,
 * not stored: its text goes into the input field (`texts`).
 */
async function prepareUploads(args: { village: Tenant; action: AnyAction; actor: Actor; input: Record<string, unknown>; files?: Record<string, File> }, labels: Record<string, string>) {
	const prepared: Record<string, PreparedUpload> = {};
	const texts: Record<string, string> = {};
	const errors: FieldErrors = {};
	for (const [field, spec] of Object.entries(args.action.uploads ?? {})) {
		const file = args.files && Object.hasOwn(args.files, field) ? args.files[field] : undefined;
		if (!file) continue;
		try {
			const bytes = new Uint8Array(await file.arrayBuffer());
			if (spec.accept === 'calendar') {
				texts[field] = readCalendarUpload({ bytes, field, label: labels[field], maxBytes: spec.maxBytes });
				continue;
			}
			const alt = spec.altField ? args.input[spec.altField] : undefined;
			prepared[field] = await prepareUpload({
				tenantId: args.village.id,
				bytes,
				fileName: file.name,
				alt: typeof alt === 'string' ? alt : undefined,
				accept: spec.accept,
				maxBytes: spec.maxBytes,
				createdBy: args.actor.userId,
				field,
				label: labels[field],
				altField: spec.altField,
				altLabel: spec.altField ? labels[spec.altField] : undefined
			});
		} catch (e) {
			if (!(e instanceof AppError)) throw e;
			Object.assign(errors, Object.keys(e.fields).length ? e.fields : { [field]: e.message });
		}
	}
	return { prepared, texts, errors };
}

class Rollback extends Error {
	constructor(readonly result: Extract<ModuleActionResult, { ok: false }>) {
		super('rollback');
	}
}

/** Runs a module action for an actor; the answer says what to show (never throws for a refusal). */
export async function runModuleAction(args: {
	rt: Pick<Runtime, 'db' | 'hub' | 'kickJobs'>;
	village: Tenant;
	vm: VillageModule;
	action: AnyAction;
	actor: Actor;
	locale: Locale;
	ip: string;
	input: Record<string, unknown>;
	/** files of a form post or multipart API call, by field (only the action's declared `uploads` are read) */
	files?: Record<string, File>;
	/** the app's address (ctx.origin) */
	origin?: string;
}): Promise<ActionOutcome> {
	const { rt, village, vm, action, actor, locale } = args;
	if (!allows(vm.module, actor, village, action.permission)) {
		return actor.userId === null ? { ok: false, status: 401, errors: { _form: m.err_login_required() } } : { ok: false, status: 403, errors: { _form: m.err_forbidden() } };
	}
	const values = Object.fromEntries(Object.entries(args.input).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
	const texts = moduleTexts(vm.module, locale);
	// Files are checked and re-encoded before the transaction (slow work must not hold the database), stored in it.
	const { prepared, texts: fileTexts, errors: fileErrors } = await prepareUploads(args, texts.labels);
	const withFiles = { ...args.input, ...fileTexts, ...Object.fromEntries(Object.keys(prepared).map((field) => [field, 'upload'])) };
	const checked = parseInput(action.input, withFiles, texts);
	if (!checked.ok || Object.keys(fileErrors).length) return { ok: false, status: 400, errors: { ...(checked.ok ? {} : checked.errors), ...fileErrors }, values };
	const after: AfterCommit = { events: [], jobs: false };
	let result: ModuleActionResult;
	try {
		result = await rt.db.transaction().execute(async (trx) => {
			let data = checked.data;
			if (Object.keys(prepared).length > 0) {
				// the stored files' ids replace the placeholders the input was checked with
				const ids: Record<string, string> = {};
				for (const [field, upload] of Object.entries(prepared)) ids[field] = (await savePreparedUpload(trx, upload)).id;
				const parsed = parseInput(action.input, { ...args.input, ...fileTexts, ...ids }, texts);
				if (!parsed.ok) throw new Rollback({ ok: false, status: 400, errors: parsed.errors });
				data = parsed.data;
			}
			const ctx = createModuleContext({ db: trx, village, module: vm.module, settings: vm.settings, actor, locale, ip: args.ip, origin: args.origin, afterCommit: after });
			const r = await action.run(ctx, data);
			if (!r.ok) throw new Rollback(r);
			await bumpContentVersion(trx, village.id);
			return r;
		});
	} catch (e) {
		if (e instanceof Rollback) return { ok: false, status: e.result.status, errors: e.result.errors, values: e.result.values ?? values };
		// a check-then-insert lost a race with another write (the same address saved twice at once): nothing was saved
		if (isUniqueViolation(e)) return { ok: false, status: 409, errors: { _form: m.err_write_conflict() }, values };
		throw e;
	}
	for (const { topic, event } of after.events) void rt.hub.publish(topic, event).catch(() => {});
	if (after.jobs) rt.kickJobs();
	return { ok: true, data: result.data ?? {}, ...(result.redirect !== undefined ? { redirect: result.redirect } : {}), ...(after.undoId ? { undoId: after.undoId } : {}) };
}
