// The Projektpool's categories. The county keeps the list (table project_categories, tenant = the county);
// until it has written one, the seven of the original request apply. Projects and ideas store the key.
import type { Db } from '../db/index.ts';

export interface Category {
	key: string;
	de: string;
	en: string;
}

export const DEFAULT_CATEGORIES: readonly Category[] = [
	{ key: 'digitalisierung', de: 'Digitalisierung', en: 'Digitalisation' },
	{ key: 'nachhaltigkeit', de: 'Nachhaltigkeit', en: 'Sustainability' },
	{ key: 'mobilitaet', de: 'Mobilität', en: 'Mobility' },
	{ key: 'soziales', de: 'Soziales', en: 'Social' },
	{ key: 'kultur', de: 'Kultur', en: 'Culture' },
	{ key: 'bildung', de: 'Bildung', en: 'Education' },
	{ key: 'sonstiges', de: 'Sonstiges', en: 'Other' }
];

/** The categories in their order: the county's own list, or the defaults while it has none. */
export async function listCategories(db: Db): Promise<Category[]> {
	const rows = await db
		.selectFrom('projectCategories')
		.innerJoin('tenants', 'tenants.id', 'projectCategories.tenantId')
		.select(['projectCategories.key', 'projectCategories.nameDe', 'projectCategories.nameEn'])
		.where('tenants.parentId', 'is', null)
		.orderBy('projectCategories.position')
		.execute();
	return rows.length ? rows.map((r) => ({ key: r.key, de: r.nameDe, en: r.nameEn })) : [...DEFAULT_CATEGORIES];
}

/** The category's name in the locale; the key itself for a category the county has since removed. */
export function categoryName(categories: readonly Category[], key: string, locale: string): string {
	const found = categories.find((c) => c.key === key);
	return found ? (locale === 'en' ? found.en : found.de) : key;
}
