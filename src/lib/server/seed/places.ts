// Where the demo county's places lie (WGS84, 4 decimals, about 10 m): the centre of each town or village, taken
// from the map by hand. Keyed by municipality and village name as in kreis-soest.json, because two villages share
// a name (Völlinghausen in Erwitte and in Möhnesee) and their slugs are made in demo.ts.
import type { Db } from '../db/index.ts';

type Point = readonly [lat: number, lon: number];

/** the county's seat (Kreishaus Soest) */
const COUNTY: Point = [51.5711, 8.1061];

/** per municipality: its town hall's place, then its villages */
export const DEMO_PLACES: Record<string, { at: Point; villages: Record<string, Point> }> = {
	Anröchte: { at: [51.5676, 8.3326], villages: { Altengeseke: [51.585, 8.26], Berge: [51.5739, 8.2878], Effeln: [51.5372, 8.3608], Mellrich: [51.593, 8.3478], Uelde: [51.566, 8.395] } },
	'Bad Sassendorf': { at: [51.5829, 8.1705], villages: { Heppen: [51.5929, 8.1426], Lohne: [51.5802, 8.2015], Ostinghausen: [51.6289, 8.17], Weslarn: [51.6069, 8.2122] } },
	Ense: { at: [51.4983, 7.9731], villages: { Bremen: [51.4983, 7.9731], Niederense: [51.4731, 7.9938], Oberense: [51.4858, 8.0127], Höingen: [51.5091, 7.9388] } },
	Erwitte: { at: [51.6128, 8.3392], villages: { 'Bad Westernkotten': [51.6289, 8.3694], Horn: [51.593, 8.377], Stirpe: [51.6319, 8.3089], Völlinghausen: [51.6178, 8.2796] } },
	Geseke: { at: [51.6403, 8.5106], villages: { Ehringhausen: [51.6215, 8.4774], Eringerfeld: [51.61, 8.461], Störmede: [51.6442, 8.465], Langeneicke: [51.6266, 8.435] } },
	Lippetal: { at: [51.665, 8.083], villages: { Herzfeld: [51.6655, 8.1203], Lippborg: [51.6653, 7.9932], Oestinghausen: [51.654, 8.064], Hovestadt: [51.6611, 8.1628] } },
	Lippstadt: { at: [51.6736, 8.3447], villages: { 'Bad Waldliesborn': [51.7094, 8.3306], Cappel: [51.6652, 8.3782], Lipperode: [51.6983, 8.417], Overhagen: [51.6583, 8.3158] } },
	Möhnesee: { at: [51.4953, 8.1307], villages: { Körbecke: [51.4938, 8.126], Delecke: [51.4897, 8.0911], Günne: [51.4937, 8.0402], Völlinghausen: [51.499, 8.169] } },
	Rüthen: { at: [51.4925, 8.4347], villages: { Kallenhardt: [51.4389, 8.425], Altenrüthen: [51.4873, 8.475], Meiste: [51.5167, 8.4833], Oestereiden: [51.5442, 8.4286] } },
	Soest: { at: [51.5711, 8.1061], villages: { Ostönnen: [51.5617, 8.0269], Meiningsen: [51.547, 8.1734], Ampen: [51.5595, 8.0545], Deiringsen: [51.547, 8.0808] } },
	Warstein: { at: [51.4447, 8.3494], villages: { Belecke: [51.4806, 8.3364], Allagen: [51.4659, 8.2594], Hirschberg: [51.4336, 8.2681], Suttrop: [51.4571, 8.317] } },
	Welver: { at: [51.6156, 7.9592], villages: { Borgeln: [51.6014, 8.0469], Dinker: [51.6206, 8.0017], Scheidingen: [51.595, 7.9767], Schwefe: [51.5929, 8.0072] } },
	Werl: { at: [51.5544, 7.9136], villages: { Büderich: [51.5714, 7.8272], Hilbeck: [51.585, 7.86], Westönnen: [51.5513, 7.9633], Sönnern: [51.5773, 7.9342] } },
	'Wickede (Ruhr)': { at: [51.4964, 7.8658], villages: { Echthausen: [51.4828, 7.8965], Wiehagen: [51.504, 7.8733], Wimbern: [51.4985, 7.8311] } }
};

/** Sets the coordinates of the demo county, its municipalities and their villages (after seedDemo made them). */
export async function placeDemoTenants(db: Db): Promise<void> {
	const tenants = await db.selectFrom('tenants').select(['id', 'parentId', 'kind', 'name']).execute();
	const nameOf = new Map(tenants.map((t) => [t.id, t.name]));
	for (const t of tenants) {
		const point = t.kind === 'county' ? COUNTY : t.kind === 'municipality' ? DEMO_PLACES[t.name]?.at : DEMO_PLACES[nameOf.get(t.parentId ?? '') ?? '']?.villages[t.name];
		if (point) await db.updateTable('tenants').set({ lat: point[0], lon: point[1] }).where('id', '=', t.id).execute();
	}
}
