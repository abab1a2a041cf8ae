import type { RequestHandler } from './$types';
import { vapidPublicKey } from '$lib/server/push/routes';

/** The VAPID public key that browsers subscribe with (applicationServerKey). */
export const GET: RequestHandler = (event) => vapidPublicKey(event);
