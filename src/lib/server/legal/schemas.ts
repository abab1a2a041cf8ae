// The boundaries of the legal pages: a tenant's contact data, its own page texts, a village's request for an own
// host name, and a barrier report from anyone.
import { z } from 'zod';
import { MAX_MARKDOWN_LENGTH } from '../richtext/markdown.ts';
import { hostSchema } from '../tenancy/schemas.ts';

const line = (max: number) => z.string().trim().max(max).optional().transform((v) => v ?? '');

/** The contact data the legal pages are generated from; every field may stay empty (the page then says so). */
export const contactSchema = z.object({
	contactBody: line(200),
	contactPerson: line(200),
	contactAddress: z.string().trim().max(500).optional().transform((v) => (v ?? '').replace(/\r\n?/g, '\n')),
	contactEmail: z.string().trim().toLowerCase().pipe(z.email().max(254)).optional().transform((v) => v ?? ''),
	contactPhone: z.string().trim().max(40).regex(/^[+\d(][\d\s/().-]*$/, { message: 'err_phone' }).optional().transform((v) => v ?? ''),
	privacyContact: line(500)
});
export type ContactInput = z.infer<typeof contactSchema>;

/** The longest own text of a legal page (a Datenschutzerklärung is long, but not a book). */
export const MAX_LEGAL_TEXT = 50_000;

/** A tenant's own text for one legal page (markdown, rendered sanitised). */
export const legalTextSchema = z.object({ body: z.string().trim().min(1).max(Math.min(MAX_LEGAL_TEXT, MAX_MARKDOWN_LENGTH)) });

/** A village asks the county for an own host name; the form is checked as the county's own form checks it. */
export const hostRequestSchema = z.object({ requestedHost: hostSchema });

/**
 * A barrier report. `website` is a honeypot: a field people do not see (and screen readers skip), which only
 * robots fill in. The page address may be a path or a full address (people paste what the browser shows).
 */
export const barrierReportSchema = z.object({
	pageUrl: z.string().trim().min(1).max(500),
	description: z.string().trim().min(10).max(5000),
	replyEmail: z.string().trim().toLowerCase().pipe(z.email().max(254)).optional().transform((v) => v ?? null),
	website: z.string().max(500).optional()
});
export type BarrierReportInput = z.infer<typeof barrierReportSchema>;
