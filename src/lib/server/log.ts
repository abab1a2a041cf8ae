import pino from 'pino';

/** The one JSON logger; request handlers log through `log.child({ requestId })`. */
export const log = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { service: 'allmende' }
});
