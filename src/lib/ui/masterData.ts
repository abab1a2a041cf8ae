// The words for the administration's page of a tenant (/admin/tenants/<id>), so that it is never confused with a
// village's own administration ("Dorf verwalten"): "Stammdaten und Farben (Kreis)" for the county's admins, "(Kommune)"
// for a municipality's, "(Dorf)" for a village admin who sees only their own village there.
import * as m from '$lib/paraglide/messages.js';

/** Who keeps the master data, seen from the tenants the viewer administers (the admin layout's list). */
export function masterDataLevel(administered: readonly { kind: string }[]): string {
	if (administered.some((t) => t.kind === 'county')) return m.overview_level_county();
	if (administered.some((t) => t.kind === 'municipality')) return m.overview_level_municipality();
	return m.overview_level_village();
}
