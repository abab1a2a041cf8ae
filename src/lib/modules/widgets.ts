// The home-screen widgets of every module (ui/*Widget.svelte), found by Vite at build time, loaded on demand.
// A file of its own, so that the home screen ships this short map and not the one of every page (components.ts).
import type { Component } from 'svelte';

const widgets = import.meta.glob<{ default: Component<Record<string, unknown>> }>('./*/ui/*Widget.svelte');

/** Loads a module's home-screen widget; its file name ends with "Widget" (registry.test.ts checks it). */
export async function loadWidgetComponent(moduleId: string, name: string): Promise<Component<Record<string, unknown>>> {
	const load = widgets[`./${moduleId}/ui/${name}.svelte`];
	if (!load) throw new Error(`module ${moduleId} has no widget ui/${name}.svelte (a widget's name ends with "Widget")`);
	return (await load()).default;
}
