// The browser's own offer to install the app (Chromium's `beforeinstallprompt`). It may come early, so it is
// caught as soon as this module loads, not when a component mounts. Browsers without it (Safari, Firefox)
// never set `available`: the written steps are for them.

interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offer: BeforeInstallPromptEvent | null = null;

/** What the page can say: can the browser install right now, and is the app installed (or running as one)? */
export const installState = $state({ available: false, installed: false });

if (typeof window !== 'undefined') {
	window.addEventListener('beforeinstallprompt', (event) => {
		// keep Chromium's own mini banner away: the button on the page asks instead
		event.preventDefault();
		offer = event as BeforeInstallPromptEvent;
		installState.available = true;
	});
	window.addEventListener('appinstalled', () => {
		offer = null;
		installState.available = false;
		installState.installed = true;
	});
	const standalone = (navigator as Navigator & { standalone?: boolean }).standalone === true || matchMedia('(display-mode: standalone)').matches;
	if (standalone) installState.installed = true;
}

/** Shows the browser's install dialog; an offer can be used once. */
export async function promptInstall(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
	const current = offer;
	if (!current) return 'unavailable';
	offer = null;
	installState.available = false;
	await current.prompt();
	const { outcome } = await current.userChoice;
	if (outcome === 'accepted') installState.installed = true;
	return outcome;
}
