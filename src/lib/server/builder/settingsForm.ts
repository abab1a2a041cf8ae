import { z } from 'zod';
import type { AnyModule } from '../../modules/registry.ts';
import type { SettingsField } from '../../ui/settingsField.ts';

export type { SettingsField };

interface JsonSchemaProperty {
	type?: string;
	enum?: string[];
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	label?: { de: string; en: string };
}

/** The form for a module's settings, generated from its zod schema (via JSON Schema): labelled, typed, with limits. */
export function settingsFields(module: AnyModule, settings: Record<string, unknown>, locale: 'de' | 'en'): SettingsField[] {
	const schema = z.toJSONSchema(module.settings, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
	return Object.entries(schema.properties ?? {}).map(([key, p]) => {
		const base = { key, label: p.label?.[locale] ?? key, required: (p.minLength ?? 0) > 0 };
		const value = settings[key];
		if (p.enum) return { ...base, kind: 'select', value: String(value ?? ''), options: p.enum.map((v) => ({ value: v, label: v })) };
		if (p.type === 'boolean') return { ...base, kind: 'checkbox', value: value === true };
		if (p.type === 'integer' || p.type === 'number') return { ...base, kind: 'number', value: Number(value ?? 0), min: p.minimum, max: p.maximum };
		return { ...base, kind: 'text', value: String(value ?? ''), maxLength: p.maxLength };
	});
}
