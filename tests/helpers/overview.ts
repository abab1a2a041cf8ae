import type { OverviewItem } from '../../src/lib/modules/types.ts';

/** Every item of a module's overview list, asked for one at a time with the cursor of the one before. */
export async function pageThrough(list: (args: { limit: number; after?: { at: number; id: string | null } }) => Promise<OverviewItem[]>): Promise<OverviewItem[]> {
	const out: OverviewItem[] = [];
	let after: { at: number; id: string | null } | undefined;
	for (let i = 0; i < 1000; i++) {
		const page = await list({ limit: 1, after });
		if (page.length === 0) return out;
		out.push(...page);
		after = { at: page[0]!.at, id: page[0]!.id };
	}
	throw new Error('the list never ends');
}
