import type { Actions, PageServerLoad } from './$types';
import { barrierReportAction, loadLegalPage, platformTenant } from '$lib/server/legal/routes';

// The platform's Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: the county runs the platform.
export const load: PageServerLoad = async (event) => loadLegalPage(event, await platformTenant(event));

export const actions: Actions = {
	feedback: async (event) => barrierReportAction(event, await platformTenant(event))
};
