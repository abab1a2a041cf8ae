import type { Actions, PageServerLoad } from './$types';
import { legalEditActions, loadLegalEditor } from '$lib/server/legal/routes';
import { guardPlatformLegal } from '../guard';

// Editing one of the platform's legal pages: the county's admins.
export const load: PageServerLoad = async (event) => loadLegalEditor(event, await guardPlatformLegal(event));

export const actions: Actions = legalEditActions(guardPlatformLegal);
