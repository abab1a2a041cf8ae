import type { PageLoad } from './$types';
import { loadWidgetComponent } from '$lib/modules/widgets';

// The widgets' components are loaded here (on the server for rendering, in the browser for hydration).
export const load: PageLoad = async ({ data }) => {
	const components = await Promise.all(data.widgets.map((w) => loadWidgetComponent(w.moduleId, w.component)));
	return { ...data, widgets: data.widgets.map((w, i) => ({ ...w, Component: components[i]! })) };
};
