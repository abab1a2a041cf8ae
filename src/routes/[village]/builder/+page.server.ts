import type { Actions, PageServerLoad } from './$types';
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import {
	coloursSchema,
	moduleToggleSchema,
	moveModule,
	moveSchema,
	moveWidget,
	namesSchema,
	orderModules,
	orderSchema,
	removeImage,
	setColours,
	setImage,
	setModuleSettings,
	setNames,
	setNavLabels,
	toggleModule,
	toggleWidget,
	widgetToggleSchema
} from '$lib/server/builder/appBuilder';
import { canBuildApp, discardDraft, setEditorsBuildApp, MAX_NAV_LABEL, MAX_SHORT_NAME, publishedConfig, readDraft } from '$lib/server/builder/appDraft';
import { describeChanges, listVersions, MAX_NOTE, publishDraft, restoreVersion, versionConfig } from '$lib/server/builder/appPublish';
import { applyTemplate, templateChoices } from '$lib/server/builder/appTemplates';
import { moduleAvailability } from '$lib/server/builder/moduleAvailability';
import { settingsFields } from '$lib/server/builder/settingsForm';
import { settingsFromForm } from '$lib/server/builder/villageModules';
import { handleUploadForm } from '$lib/server/files/uploadForm';
import { failure, handleForm, requireUser } from '$lib/server/http/forms';
import { readForm } from '$lib/server/http/validate';
import { publishAccessChange } from '$lib/server/realtime/access';

import { shortAppName } from '$lib/server/builder/appNames';
import { getModule, MODULES } from '$lib/modules/registry';
import { contrastNotes, themeTokens } from '$lib/ui/theme';
import type { Tenant } from '$lib/server/tenancy/tenants';
import * as m from '$lib/paraglide/messages.js';

/** The builder's parts: the first-run wizard's steps, then the tabs of the full builder. */
const STEPS = ['names', 'logo', 'colours', 'template'] as const;
const TABS = ['look', 'modules', 'home', 'publish'] as const;
type Tab = (typeof TABS)[number];
type Step = (typeof STEPS)[number];

/** The village, if the signed-in person may build its app (admins; editors where allowed). */
function guardBuilder(event: RequestEvent): Tenant {
	requireUser(event);
	const village = event.locals.tenant;
	if (!village || village.kind !== 'village') error(404, m.err_not_found());
	if (!canBuildApp(event.locals.actor, village)) error(403, m.err_forbidden());
	return village;
}

/** Where a form goes back to after it saved: the wizard's next step, or the tab it came from. */
const returnSchema = z.object({ back: z.string().max(40).optional() });
function backTo(village: Tenant, back: string | undefined, saved: string): never {
	const q = new URLSearchParams();
	if (back && (STEPS as readonly string[]).includes(back)) q.set('step', back);
	else if (back === 'done') q.set('tab', 'modules');
	else q.set('tab', back && (TABS as readonly string[]).includes(back) ? back : 'look');
	q.set('saved', saved);
	redirect(303, `/${village.slug}/builder?${q}`);
}

export const load: PageServerLoad = async (event) => {
	const village = guardBuilder(event);
	const { db } = event.locals.rt;
	const locale = event.locals.locale;
	const url = event.url;
	const [draft, published, versions, templates, availability] = await Promise.all([readDraft(db, village), publishedConfig(db, village), listVersions(db, village), templateChoices(db, village, locale), moduleAvailability(db, village)]);
	const stepParam = url.searchParams.get('step');
	const tabParam = url.searchParams.get('tab');
	// a village that never published and never started a draft begins with the wizard
	const firstRun = village.appVersion === 0 && draft.updatedAt === null;
	const step: Step | null = (STEPS as readonly string[]).includes(stepParam ?? '') ? (stepParam as Step) : !tabParam && firstRun ? 'names' : null;
	const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'look';

	// comparing two versions (or a version and the draft) in words
	const parseVersion = (v: string | null) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null);
	const [from, to] = [parseVersion(url.searchParams.get('from')), parseVersion(url.searchParams.get('to'))];
	let comparison: { from: number; to: number; changes: string[] } | null = null;
	if (from !== null && to !== null) {
		const [a, b] = await Promise.all([versionConfig(db, village, from), versionConfig(db, village, to)]);
		if (a && b) comparison = { from, to, changes: describeChanges(a, b, locale) };
	}

	const config = draft.config;
	const on = new Set(config.modules.filter((x) => x.enabled).map((x) => x.id));
	return {
		village: { slug: village.slug, name: village.name, appVersion: village.appVersion },
		step,
		tab,
		saved: url.searchParams.get('saved'),
		draft: {
			config: { name: config.name, shortName: config.shortName, description: config.description, colorPrimary: config.colorPrimary, colorAccent: config.colorAccent, logoUrl: config.logoUrl, coverUrl: config.coverUrl },
			changed: draft.changed,
			updatedAt: draft.updatedAt,
			// what "Veröffentlichen" would change, in words
			pending: describeChanges(published, config, locale)
		},
		shortNameSuggestion: shortAppName(config.name, village.slug),
		limits: { shortName: MAX_SHORT_NAME, navLabel: MAX_NAV_LABEL, note: MAX_NOTE },
		theme: themeTokens(config.colorPrimary, config.colorAccent),
		contrast: contrastNotes(config.colorPrimary, config.colorAccent),
		modules: config.modules.map((entry, i) => {
			const module = getModule(entry.id)!;
			const label = config.navLabels.find((l) => l.id === entry.id);
			return {
				id: entry.id,
				name: module.name[locale],
				description: module.description[locale],
				icon: module.icon,
				enabled: entry.enabled,
				available: availability.get(entry.id)?.available !== false,
				pilot: availability.get(entry.id)?.pilot === true,
				hasWidget: module.widget != null,
				canMoveUp: entry.enabled && i > 0,
				canMoveDown: entry.enabled && config.modules[i + 1]?.enabled === true,
				fields: settingsFields(module, entry.settings, locale),
				label: { de: label?.de ?? '', en: label?.en ?? '' },
				names: module.name
			};
		}),
		widgets: config.widgets.map((id) => ({ id, name: MODULES.find((x) => x.id === id)!.name[locale] })),
		hiddenWidgets: config.modules.filter((x) => on.has(x.id) && getModule(x.id)?.widget && !config.widgets.includes(x.id)).map((x) => ({ id: x.id, name: getModule(x.id)!.name[locale] })),
		templates,
		versions,
		comparison,
		editorsMayBuild: village.editorsBuildAppAt != null
	};
};

/** The common shape of a builder action: guard, validate, change the draft, go back (PRG: a reload repeats nothing). */
function draftAction<S extends z.ZodObject>(schema: S, saved: string, run: (args: { event: RequestEvent; village: Tenant; input: z.infer<S> }) => Promise<unknown>) {
	return async (event: RequestEvent) => {
		const village = guardBuilder(event);
		return handleForm(event, schema.extend(returnSchema.shape), async (input) => {
			await run({ event, village, input: input as z.infer<S> });
			backTo(village, (input as { back?: string }).back, saved);
		});
	};
}

const who = (event: RequestEvent, village: Tenant) => ({ actor: event.locals.actor, village });
const imageSchema = z.object({ field: z.enum(['logo', 'cover']), back: z.string().max(40).optional(), formStep: z.string().max(40).optional() });
// expectedVersion: what the publisher saw (the form sends it), so that two people never publish over each other
const publishSchema = z.object({ note: z.string().max(MAX_NOTE).optional().default(''), expectedVersion: z.coerce.number().int().min(0).optional() });
const restoreSchema = z.object({ version: z.coerce.number().int().min(1) });
const templateSchema = z.object({ template: z.string().min(1).max(200) });

export const actions: Actions = {
	names: draftAction(namesSchema, 'names', ({ event, village, input }) => setNames(event.locals.rt.db, { ...who(event, village), input })),
	colours: draftAction(coloursSchema, 'colours', ({ event, village, input }) => setColours(event.locals.rt.db, { ...who(event, village), input })),
	image: async (event) => {
		const village = guardBuilder(event);
		// the form names its field in its address too (?/image&field=logo): a body over BODY_SIZE_LIMIT cannot be read
		const asked = event.url.searchParams.get('field') === 'cover' ? 'cover' : 'logo';
		return handleUploadForm(event, {
			schema: imageSchema,
			fileField: 'image',
			tooLarge: { label: asked === 'logo' ? m.field_logo() : m.field_cover(), values: { formId: asked } },
			run: async (input, files) => {
				const file = files.image;
				if (!file) return failure(400, { image: `${input.field === 'logo' ? m.field_logo() : m.field_cover()}: ${m.err_required()}` }, { formId: input.field, back: input.back, formStep: input.formStep });
				const bytes = new Uint8Array(await file.arrayBuffer());
				await setImage(event.locals.rt.db, { ...who(event, village), field: input.field, bytes, fileName: file.name, alt: village.name });
				backTo(village, input.back, input.field);
			}
		});
	},
	removeImage: draftAction(imageSchema, 'image', ({ event, village, input }) => removeImage(event.locals.rt.db, { ...who(event, village), field: input.field })),
	template: draftAction(templateSchema, 'template', ({ event, village, input }) => applyTemplate(event.locals.rt.db, { ...who(event, village), template: input.template })),
	moduleToggle: draftAction(moduleToggleSchema, 'module', ({ event, village, input }) => toggleModule(event.locals.rt.db, { ...who(event, village), moduleId: input.moduleId, enabled: input.enabled === 'on' })),
	moduleMove: draftAction(moveSchema, 'order', ({ event, village, input }) => moveModule(event.locals.rt.db, { ...who(event, village), moduleId: input.moduleId, direction: input.direction })),
	moduleOrder: draftAction(orderSchema, 'order', ({ event, village, input }) => orderModules(event.locals.rt.db, { ...who(event, village), order: input.order })),
	// The settings form is generated from the module's schema, so its fields are read here, not by a fixed schema.
	moduleSettings: async (event) => {
		const village = guardBuilder(event);
		const form = await readForm(event.request);
		const module = getModule(form?.moduleId ?? '');
		if (!form || !module) return failure(400, { _form: m.err_bad_form() });
		const result = await setModuleSettings(event.locals.rt.db, { ...who(event, village), moduleId: module.id, values: settingsFromForm(module, form), locale: event.locals.locale });
		if (!result.ok) return failure(400, result.errors, form);
		backTo(village, 'modules', 'settings');
	},
	widgetToggle: draftAction(widgetToggleSchema, 'home', ({ event, village, input }) => toggleWidget(event.locals.rt.db, { ...who(event, village), moduleId: input.moduleId, shown: input.shown === 'on' })),
	widgetMove: draftAction(moveSchema, 'home', ({ event, village, input }) => moveWidget(event.locals.rt.db, { ...who(event, village), moduleId: input.moduleId, direction: input.direction })),
	// one pair of fields per switched-on module (de-<id>, en-<id>); setNavLabels reads only those
	navLabels: draftAction(z.object({}).catchall(z.string().max(1000)), 'nav', ({ event, village, input }) => setNavLabels(event.locals.rt.db, { ...who(event, village), form: input })),
	publish: draftAction(publishSchema, 'published', async ({ event, village, input }) => {
		await publishDraft(event.locals.rt.db, { ...who(event, village), note: input.note, expectedVersion: input.expectedVersion, ip: event.getClientAddress() });
		// a module switched off by the new version ends its realtime subscriptions at once
		await publishAccessChange(event.locals.rt.hub, { village: village.slug }).catch(() => {});
	}),
	discard: draftAction(z.object({}), 'discarded', ({ event, village }) => discardDraft(event.locals.rt.db, who(event, village))),
	restore: draftAction(restoreSchema, 'restored', ({ event, village, input }) => restoreVersion(event.locals.rt.db, { ...who(event, village), version: input.version, ip: event.getClientAddress() })),
	// Village admins let the village's editors work on the app too (or not).
	editors: draftAction(z.object({ allowed: z.enum(['on', 'off']) }), 'editors', ({ event, village, input }) =>
		setEditorsBuildApp(event.locals.rt.db, { actor: event.locals.actor, village, allowed: input.allowed === 'on', ip: event.getClientAddress() })
	)
};

