// The JSON shape of the funding catalogue in /api/v1 (documented in OpenAPI from these schemas).
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { apiError } from '../../builder/apiVillage.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { projectUrl } from '../projects/projectApi.ts';
import { listProgrammes, type Programme } from './fundingQueries.ts';
import { fundingQuery, listFundingQuerySchema } from './schemas.ts';

export const fundingProgrammeSchema = z
	.object({
		id: z.string(),
		key: z.string().describe('the anchor on /funding: /funding#<key>'),
		name: z.string(),
		fundingBody: z.string(),
		share: z.string().describe('as the programme states it, e.g. "bis zu 65 % der Nettokosten"'),
		maxAmount: z.number().int().nullable().describe('euros; null when not stated'),
		deadlines: z.string(),
		eligibility: z.string(),
		url: z.string(),
		categories: z.array(z.string()).describe('category keys'),
		usedBy: z.array(z.object({ id: z.string(), url: z.string(), title: z.string(), state: z.enum(['used', 'applied']) })).describe('visible projects that used or applied for it')
	})
	.meta({ id: 'FundingProgramme' });

export const fundingListSchema = z.object({ programmes: z.array(fundingProgrammeSchema) }).meta({ id: 'FundingList' });

export function presentProgramme(p: Programme): z.infer<typeof fundingProgrammeSchema> {
	return {
		id: p.id,
		key: p.key,
		name: p.name,
		fundingBody: p.fundingBody,
		share: p.share,
		maxAmount: p.maxAmount,
		deadlines: p.deadlines,
		eligibility: p.eligibility,
		url: p.url,
		categories: p.categories,
		usedBy: p.usedBy.map((u) => ({ id: u.projectId, url: projectUrl({ id: u.projectId, slug: u.slug }), title: u.title, state: u.state }))
	};
}

/** GET /api/v1/funding */
export async function fundingListResponse(event: RequestEvent): Promise<Response> {
	const parsed = parseInput(listFundingQuerySchema, fundingQuery(event.url.searchParams));
	if (!parsed.ok) return apiError(400, parsed.message, parsed.errors);
	try {
		const programmes = await listProgrammes(event.locals.rt.db, parsed.data);
		return json({ programmes: programmes.map(presentProgramme) }, { headers: { 'cache-control': 'no-cache' } });
	} catch (e) {
		if (e instanceof AppError) return apiError(e.status, Object.values(e.fields).join(' '), e.fields);
		throw e;
	}
}
