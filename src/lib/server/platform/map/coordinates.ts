// A place's coordinates (WGS84 degrees) at the form boundary: typed by volunteers, often with a German decimal
// comma ("51,5711") or copied with spaces, so both are accepted; out of range, not a number or only one of the two
// is refused naming the field.
import { z } from 'zod';

/** Decimal places kept: 6 is about 10 cm, more is noise from a copied value. */
const PLACES = 6;

function coordinate(limit: number) {
	return z.preprocess(
		(v) => {
			if (v === undefined || v === null) return null;
			if (typeof v !== 'string') return v;
			const s = v.trim().replace(',', '.');
			// Number('') is 0, and Number('0x10') is 16: only a plain decimal of sensible length is a coordinate
			if (s === '') return null;
			return s.length <= 24 && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : Number.NaN;
		},
		z
			.number()
			.min(-limit)
			.max(limit)
			.transform((n) => Number(n.toFixed(PLACES)))
			.nullable()
	);
}

/** The two fields, for a tenant's form and the API; check them together with `refineBothOrNeither`. */
export const coordinateFields = {
	lat: coordinate(90).optional(),
	lon: coordinate(180).optional()
};

/** Latitude without longitude (or the other way round) cannot be put on a map: the missing one is named. */
export function refineBothOrNeither(value: { lat?: number | null; lon?: number | null }, ctx: z.RefinementCtx): void {
	const hasLat = value.lat !== null && value.lat !== undefined;
	const hasLon = value.lon !== null && value.lon !== undefined;
	if (hasLat && !hasLon) ctx.addIssue({ code: 'custom', path: ['lon'], message: 'map_err_both_coordinates' });
	if (hasLon && !hasLat) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'map_err_both_coordinates' });
}
