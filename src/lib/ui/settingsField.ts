/** One field of a module's generated settings form (built on the server, rendered by SettingsForm.svelte). */
export interface SettingsField {
	key: string;
	label: string;
	kind: 'text' | 'number' | 'checkbox' | 'select';
	value: string | number | boolean;
	required: boolean;
	min?: number;
	max?: number;
	maxLength?: number;
	options?: { value: string; label: string }[];
}
