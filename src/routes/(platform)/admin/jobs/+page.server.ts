import type { Actions, PageServerLoad } from './$types';
import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser, handleForm, failure } from '$lib/server/http/forms';
import { administeredCounty, countJobs, discardJob, listJobs, retryJob } from '$lib/server/jobs/jobsAdmin';
import { MAX_ATTEMPTS } from '$lib/server/jobs/queue';
import * as m from '$lib/paraglide/messages.js';

// The installation's job queue: county admins only (village admins run their village, not the platform).
async function guard(event: RequestEvent) {
	requireUser(event);
	const county = await administeredCounty(event.locals.rt.db, event.locals.actor);
	if (!county) error(403, m.err_forbidden());
	return county;
}

const LIMIT = 50;

export const load: PageServerLoad = async (event) => {
	await guard(event);
	const { db } = event.locals.rt;
	const now = Date.now();
	const [counts, failed, waiting] = await Promise.all([countJobs(db, now), listJobs(db, { state: 'failed', limit: LIMIT, now }), listJobs(db, { state: 'waiting', limit: LIMIT, now })]);
	return { counts, failed, waiting, now, maxAttempts: MAX_ATTEMPTS };
};

const jobSchema = z.object({ jobId: z.string().min(1).max(64) });

export const actions: Actions = {
	retry: async (event) => {
		const county = await guard(event);
		return handleForm(event, jobSchema, async ({ jobId }) => {
			const { rt } = event.locals;
			if (!(await retryJob(rt.db, { county, actor: event.locals.actor, jobId, ip: event.getClientAddress() }))) return failure(404, { _form: m.jobs_gone() });
			rt.kickJobs();
			return { done: 'retry' as const };
		});
	},
	discard: async (event) => {
		const county = await guard(event);
		return handleForm(event, jobSchema, async ({ jobId }) => {
			if (!(await discardJob(event.locals.rt.db, { county, actor: event.locals.actor, jobId, ip: event.getClientAddress() }))) return failure(404, { _form: m.jobs_gone() });
			return { done: 'discard' as const };
		});
	}
};
