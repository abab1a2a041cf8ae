// The village app lives at /<village>/ (with the slash): it is the PWA's scope and the URL people bookmark.
export const trailingSlash = 'always';
