// The 17 goals for sustainable development of the United Nations, by their short official names (the German
// ones as the Federal Government writes them).
export const SDG_NAMES: readonly { de: string; en: string }[] = [
	{ de: 'Keine Armut', en: 'No poverty' },
	{ de: 'Kein Hunger', en: 'Zero hunger' },
	{ de: 'Gesundheit und Wohlergehen', en: 'Good health and well-being' },
	{ de: 'Hochwertige Bildung', en: 'Quality education' },
	{ de: 'Geschlechtergleichheit', en: 'Gender equality' },
	{ de: 'Sauberes Wasser und Sanitäreinrichtungen', en: 'Clean water and sanitation' },
	{ de: 'Bezahlbare und saubere Energie', en: 'Affordable and clean energy' },
	{ de: 'Menschenwürdige Arbeit und Wirtschaftswachstum', en: 'Decent work and economic growth' },
	{ de: 'Industrie, Innovation und Infrastruktur', en: 'Industry, innovation and infrastructure' },
	{ de: 'Weniger Ungleichheiten', en: 'Reduced inequalities' },
	{ de: 'Nachhaltige Städte und Gemeinden', en: 'Sustainable cities and communities' },
	{ de: 'Nachhaltige/r Konsum und Produktion', en: 'Responsible consumption and production' },
	{ de: 'Maßnahmen zum Klimaschutz', en: 'Climate action' },
	{ de: 'Leben unter Wasser', en: 'Life below water' },
	{ de: 'Leben an Land', en: 'Life on land' },
	{ de: 'Frieden, Gerechtigkeit und starke Institutionen', en: 'Peace, justice and strong institutions' },
	{ de: 'Partnerschaften zur Erreichung der Ziele', en: 'Partnerships for the goals' }
];
