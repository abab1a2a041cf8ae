import pino from 'pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const level = LEVELS.includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL! : 'info';

/** The one JSON logger (loaded before the configuration, so it checks LOG_LEVEL itself). */
export const log = pino({
	level,
	base: { service: 'allmende' }
});
