// What the history records of a new order of links: the one link that moved and which way.
import { describe, expect, it } from 'vitest';
import { movedOne } from './server.ts';

describe('movedOne', () => {
	it('finds one link moved up or down, by one place or several', () => {
		expect(movedOne(['a', 'b', 'c'], ['b', 'a', 'c'])).toEqual({ id: 'b', direction: 'up' });
		expect(movedOne(['a', 'b', 'c', 'd'], ['d', 'a', 'b', 'c'])).toEqual({ id: 'd', direction: 'up' });
		expect(movedOne(['a', 'b', 'c', 'd'], ['b', 'c', 'a', 'd'])).toEqual({ id: 'a', direction: 'down' });
		expect(movedOne(['a', 'b', 'c'], ['a', 'c', 'b'])).toEqual({ id: 'c', direction: 'up' });
	});

	it('says nothing when nothing or more than one link moved', () => {
		expect(movedOne(['a', 'b', 'c'], ['a', 'b', 'c'])).toBeNull();
		expect(movedOne(['a', 'b', 'c', 'd'], ['b', 'a', 'd', 'c'])).toBeNull();
		expect(movedOne(['a', 'b', 'c'], ['c', 'b', 'a'])).toBeNull();
		expect(movedOne([], [])).toBeNull();
	});
});
