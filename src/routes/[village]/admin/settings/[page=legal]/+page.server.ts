import type { Actions, PageServerLoad } from './$types';
import { legalEditActions, loadLegalEditor } from '$lib/server/legal/routes';
import { guardVillage } from '$lib/server/tenancy/guards';

// Editing one of the village app's legal pages: the village's admins and the admins above it (the county).
export const load: PageServerLoad = async (event) => loadLegalEditor(event, await guardVillage(event));

export const actions: Actions = legalEditActions(guardVillage);
