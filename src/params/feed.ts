import type { ParamMatcher } from '@sveltejs/kit';

/** A village-level document of a module: /<village>/calendar.ics, /<village>/news.xml … */
export const match: ParamMatcher = (param) => /^[a-z0-9-]{1,40}\.(ics|xml|json|rss|atom)$/.test(param);
