// StrykerJS configuration for `npm run mutate` (scripts/mutate.mjs). Mutates the code that decides who may
// do what — policy, tenancy, auth, module dispatch and the tenant scope of queries — and runs the unit tests
// beside the code (vitest.mutate.config.ts) against each mutant.
// MUTATE_FILES (comma-separated globs) narrows the run, e.g. to policy and tenantScope; see scripts/mutate.mjs.
const full = [
	'src/lib/server/policy/**/*.ts',
	'src/lib/server/tenancy/**/*.ts',
	'src/lib/server/auth/**/*.ts',
	'src/lib/server/builder/moduleActions.ts',
	'src/lib/server/builder/moduleContext.ts',
	'src/lib/server/builder/moduleChannels.ts',
	'src/lib/server/db/tenantScope.ts',
	'!src/**/*.test.ts'
];

const only = process.env.MUTATE_FILES?.split(',').map((s) => s.trim()).filter(Boolean);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	vitest: { configFile: 'vitest.mutate.config.ts' },
	mutate: only?.length ? [...only, '!src/**/*.test.ts'] : full,
	// Mutate the working tree itself: a sandbox copy lacks .svelte-kit/tsconfig.json and the generated
	// paraglide messages. Stryker puts the files back on exit; scripts/mutate.mjs checks that it did.
	inPlace: true,
	// Static mutants (module-level constants) would need a full re-run of every test each.
	ignoreStatic: true,
	// Vitest does not type-check, so Stryker need not put `// @ts-nocheck` into every file of the project.
	disableTypeChecks: false,
	coverageAnalysis: 'perTest',
	concurrency: 2,
	timeoutMS: 20_000,
	reporters: ['clear-text', 'json', 'progress'],
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
	tempDirName: 'reports/.stryker-tmp',
	cleanTempDir: true,
	thresholds: { high: 80, low: 60, break: null }
};
