import type { ParamMatcher } from '@sveltejs/kit';
import { isLegalPage } from '../lib/legalPages.ts';

/** A legal page of the platform or a village app: /impressum, /datenschutz, /barrierefreiheit (and /<village>/…). */
export const match: ParamMatcher = (param) => isLegalPage(param);
