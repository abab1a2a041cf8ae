// API tokens for tests, made the way a person makes one: through /account/tokens, signed in.
import { expect } from 'vitest';
import type { Client } from './http.ts';

/** Creates a token as the client's person for one tenant and role; returns its secret (revoked at once if asked). */
export async function createToken(client: Client, tenantId: string, role: string, revoke = false): Promise<string> {
	const name = `Token ${role} ${Math.random().toString(36).slice(2, 8)}`;
	const res = await client.post('/account/tokens?/create', { tokenName: name, tenantId, role, days: '30' });
	const secret = /id="token-secret"[^>]*value="(alm_[\w-]+)"/.exec(await res.text())?.[1];
	if (!secret) throw new Error(`no token created (${res.status})`);
	if (revoke) {
		const page = await (await client.get('/account/tokens')).text();
		const id = new RegExp(`<h3[^>]*>${name}</h3>[\\s\\S]*?name="tokenId" value="([^"]+)"`).exec(page)![1]!;
		expect((await client.post('/account/tokens?/revoke', { tokenId: id })).status).toBeLessThan(400);
	}
	return secret;
}
