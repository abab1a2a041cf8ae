// @node-rs/argon2 is loaded on the first password check: ~12 MB a process that only serves pages never needs.
const argon2 = () => import('@node-rs/argon2');

// argon2id with the OWASP baseline (19 MiB, 2 passes): slow enough against guessing, fast enough for an old server.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
	return (await argon2()).hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await (await argon2()).verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not tell which e-mail addresses have an account.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('allmende-timing-equaliser');
	await verifyPassword(await dummyHash, password);
}
