// The shared protocol schemas as browser code uses them: parseServerMessage accepts exactly the server's messages.
import { describe, expect, it } from 'vitest';
import { clientMessageSchema, parseServerMessage } from './protocol.ts';

describe('parseServerMessage', () => {
	it('returns null for what is not a message of the protocol', () => {
		for (const text of ['', 'not json', 'null', '[]', '{"type":"shout"}', '{"type":"result","ref":"a","ok":false}', '{"type":"result","ref":"a","ok":"yes","result":1}', '{"type":"error","code":"nope","message":"x"}', '{"type":"resync"}']) {
			expect(parseServerMessage(text), text).toBeNull();
		}
	});

	it('reads results, resync, events and errors with a ref', () => {
		expect(parseServerMessage('{"type":"result","ref":"a","ok":true,"result":{"id":"1"}}')).toEqual({ type: 'result', ref: 'a', ok: true, result: { id: '1' } });
		expect(parseServerMessage('{"type":"result","ref":"a","ok":false,"status":400,"code":"invalid","message":"m","issues":[{"path":"text","message":"m"}]}')).toMatchObject({ ok: false, status: 400, issues: [{ path: 'text' }] });
		expect(parseServerMessage('{"type":"resync","id":"s"}')).toEqual({ type: 'resync', id: 's' });
		expect(parseServerMessage('{"type":"event","id":"s","event":{"seq":3}}')).toEqual({ type: 'event', id: 's', event: { seq: 3 } });
		expect(parseServerMessage('{"type":"error","ref":"a","code":"too_many_actions","message":"m"}')).toMatchObject({ ref: 'a', code: 'too_many_actions' });
	});
});

describe('clientMessageSchema', () => {
	it('refuses actions without a usable ref, module or object input, and keeps __proto__ out of the input', () => {
		const base = { type: 'action', ref: 'r', village: 'dorf-a', module: 'chat', action: 'post', input: {} };
		for (const bad of [{ ref: '' }, { ref: 'x'.repeat(65) }, { module: 'Chat' }, { action: '' }, { input: [] }, { input: 'text' }]) {
			expect(clientMessageSchema.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false);
		}
		const parsed = clientMessageSchema.parse(JSON.parse('{"type":"action","ref":"r","village":"dorf-a","module":"chat","action":"post","input":{"__proto__":{"polluted":true},"text":"hi"}}'));
		expect(parsed).toMatchObject({ input: { text: 'hi' } });
		expect(Object.getPrototypeOf((parsed as { input: object }).input)).toBe(Object.prototype);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
	});
});
