import type { Migration } from 'kysely';
import { MODULES } from '../../../modules/registry.ts';
import * as m001 from './001_core.ts';
import * as m002 from './002_village_modules.ts';
import * as m003 from './003_files.ts';
import * as m004 from './004_platform_v2.ts';
import * as m005 from './005_files_v2.ts';
import * as m006 from './005_job_and_notification_indexes.ts';
import * as m007 from './006_projektpool.ts';
import * as m008 from './007_follows.ts';
import * as m009 from './008_project_updates.ts';
import * as m010 from './009_project_work.ts';
import * as m011 from './010_project_questions.ts';
import * as m012 from './011_project_files.ts';
import * as m013 from './012_village_project_settings.ts';
import * as m014 from './013_village_apps.ts';
import * as m015 from './014_module_rollout.ts';
import * as m016 from './015_join_requests_home.ts';
import * as m017 from './016_tenant_slug_history.ts';
import * as m018 from './017_legal_pages.ts';
import * as m019 from './018_undo_entries.ts';
import * as m020 from './019_push.ts';
import * as m021 from './020_push_people.ts';
import * as m022 from './021_search.ts';
import * as m023 from './022_tenant_places.ts';
import * as m024 from './023_dashboard_indexes.ts';

/** The core's migrations in order, imported statically so they work inside the server bundle too. */
const CORE: Record<string, Migration> = {
	'001_core': m001,
	'002_village_modules': m002,
	'003_files': m003,
	'004_platform_v2': m004,
	'005_files_v2': m005,
	'005_job_and_notification_indexes': m006,
	'006_projektpool': m007,
	'007_follows': m008,
	'008_project_updates': m009,
	'009_project_work': m010,
	'010_project_questions': m011,
	'011_project_files': m012,
	'012_village_project_settings': m013,
	'013_village_apps': m014,
	'014_module_rollout': m015,
	'015_join_requests_home': m016,
	'016_tenant_slug_history': m017,
	'017_legal_pages': m018,
	'018_undo_entries': m019,
	'019_push': m020,
	'020_push_people': m021,
	'021_search': m022,
	'022_tenant_places': m023,
	'023_dashboard_indexes': m024
};

/**
 * Every migration that runs: the core's, then each module's, named "mod_<module>_<name>" so that module
 * migrations never clash. Kysely runs them by name; new ones may sort between applied ones (see migrateToLatest).
 */
export function allMigrations(): Record<string, Migration> {
	const all: Record<string, Migration> = { ...CORE };
	for (const module of MODULES) for (const [name, migration] of Object.entries(module.migrations)) all[`mod_${module.id}_${name}`] = migration;
	return all;
}
