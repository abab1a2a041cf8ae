import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
	it('makes ids that sort in the order they were made, also within one millisecond', () => {
		const now = Date.UTC(2026, 10, 29, 10, 0, 0);
		const ids = Array.from({ length: 500 }, () => newId(now));
		expect([...ids].sort()).toEqual(ids);
		expect(new Set(ids).size).toBe(500);
	});

	it('puts the time first, so an earlier millisecond sorts before a later one whatever the counter', () => {
		const early = Array.from({ length: 50 }, () => newId(1_000_000));
		const late = newId(1_000_001);
		expect(early.every((id) => id < late)).toBe(true);
	});

	it('is a well-formed UUIDv7 (RFC 9562): version 7, variant 10', () => {
		const id = newId(Date.UTC(2026, 0, 1));
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(id.slice(0, 13).replace('-', '')).toBe(Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
	});
});
