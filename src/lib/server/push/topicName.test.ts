// pushTopicName: the names of topics in the history and on /account, also of modules switched off since.
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/registry.ts';
import { pushTopicName } from './topics.ts';

describe('pushTopicName', () => {
	it('shows an id nobody declares as it is', () => {
		expect(pushTopicName('gibt.es.nicht', 'de')).toBe('gibt.es.nicht');
		expect(pushTopicName('', 'en')).toBe('');
		// a module's topic id without its module is no topic
		expect(pushTopicName('important', 'de')).toBe('important');
	});

	it("names the core's topics and every module's in both languages", () => {
		expect(pushTopicName('alerts', 'de')).toBe('Eilmeldungen aus dem Dorf');
		expect(pushTopicName('alerts', 'en')).toBe('Urgent messages from the village');
		const calendar = MODULES.find((m) => m.id === 'calendar')!;
		expect(pushTopicName('calendar.reminders', 'de')).toBe(calendar.pushTopics.find((t) => t.id === 'reminders')!.name.de);
		for (const module of MODULES) for (const t of module.pushTopics) expect(pushTopicName(`${module.id}.${t.id}`, 'en')).toBe(t.name.en);
	});
});
