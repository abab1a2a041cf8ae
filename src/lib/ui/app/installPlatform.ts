// Which install steps to show first: the browser's own description of itself is all we have. iPadOS Safari
// says "Macintosh"; the page corrects that in the browser, where touch support gives it away.

export type InstallPlatform = 'android' | 'ios' | 'desktop';

/** The platform whose install steps fit this browser best (desktop when unsure). */
export function installPlatform(userAgent: string | null | undefined): InstallPlatform {
	const ua = (userAgent ?? '').slice(0, 512);
	if (/\b(iPhone|iPad|iPod)\b/.test(ua)) return 'ios';
	if (/\bAndroid\b/.test(ua)) return 'android';
	return 'desktop';
}

/** The three platforms with the given one first: all are shown, the likely one on top. */
export function platformsInOrder(first: InstallPlatform): InstallPlatform[] {
	return [first, ...(['android', 'ios', 'desktop'] as const).filter((p) => p !== first)];
}
