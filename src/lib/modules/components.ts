// The Svelte components of every module (ui/*.svelte), found by Vite at build time, loaded on demand.
// Safe for the browser: it imports only components, never a module's server code.
import type { Component } from 'svelte';

const components = import.meta.glob<{ default: Component<Record<string, unknown>> }>('./*/ui/*.svelte');

/** Loads a module's component, e.g. ("links", "Page") → links/ui/Page.svelte. */
export async function loadModuleComponent(moduleId: string, name: string): Promise<Component<Record<string, unknown>>> {
	const load = components[`./${moduleId}/ui/${name}.svelte`];
	if (!load) throw new Error(`module ${moduleId} has no component ui/${name}.svelte`);
	return (await load()).default;
}
