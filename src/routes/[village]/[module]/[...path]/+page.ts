import type { PageLoad } from './$types';
import { loadModuleComponent } from '$lib/modules/components';

export const load: PageLoad = async ({ data }) => ({ ...data, Component: await loadModuleComponent(data.moduleId, data.component) });
