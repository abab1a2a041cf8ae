import type { Actions, PageServerLoad } from './$types';
import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages.js';
import { barrierReportAction, loadLegalPage } from '$lib/server/legal/routes';

// The village app's Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit, in the app's own layout
// (the layout has already refused what is no village). The statement's feedback form is open to everyone.
function village(event: RequestEvent) {
	const tenant = event.locals.tenant;
	if (!tenant || tenant.kind !== 'village') error(404, m.err_not_found());
	return tenant;
}

export const load: PageServerLoad = async (event) => loadLegalPage(event, village(event));

export const actions: Actions = {
	feedback: async (event) => barrierReportAction(event, village(event))
};
