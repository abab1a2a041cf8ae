// The project page's form actions and data for pictures and documents (see projectFiles.ts), kept here so that
// the page's +page.server.ts only spreads them in.
import type { RequestEvent } from '@sveltejs/kit';
import type { Db } from '../../db/index.ts';
import { fileBytes, handleUploadForm } from '../../files/uploadForm.ts';
import { handleForm, requireUser } from '../../http/forms.ts';
import type { Actor } from '../../policy/index.ts';
import { projectRights, teamRoleOf } from './projectAccess.ts';
import { addProjectFile, addProjectFileSchema, FILE_FIELD, listProjectFiles, MAX_PROJECT_FILES, moveProjectFile, moveProjectFileSchema, removeProjectFile, removeProjectFileSchema } from './projectFiles.ts';

/** What the page shows: the pictures and documents, and whether the actor keeps them. */
export async function projectFilesView(db: Db, actor: Actor, project: { id: string; tenantId: string; tenantPath: string; place: { kind: 'county' | 'municipality' | 'village' }; hidden: unknown }) {
	const rights = projectRights(actor, { id: project.tenantId, path: project.tenantPath, kind: project.place.kind }, await teamRoleOf(db, project.id, actor.userId));
	// the page itself shows a hidden project only to those who may see it
	const files = await listProjectFiles(db, project.id, { includeHidden: true });
	return { ...files, mayManage: rights.edit, max: MAX_PROJECT_FILES };
}

/** addFile (multipart; ?/addFile&kind=image|document), removeFile, moveFile for the project of the page. */
export function projectFileActions<E extends RequestEvent>(projectIdOf: (event: E) => Promise<string>) {
	return {
		addFile: async (event: E) => {
			requireUser(event);
			const kind = event.url.searchParams.get('kind') === 'document' ? 'document' : 'image';
			return handleUploadForm(event, {
				schema: addProjectFileSchema,
				fileField: FILE_FIELD[kind],
				run: async ({ alt, title }, files) => {
					const projectId = await projectIdOf(event);
					const file = await fileBytes(Object.hasOwn(files, FILE_FIELD[kind]) ? files[FILE_FIELD[kind]] : undefined);
					await addProjectFile(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, kind, file, alt, title });
					return { saved: 'fileAdded' };
				}
			});
		},
		removeFile: (event: E) =>
			handleForm(event, removeProjectFileSchema, async ({ fileId }) => {
				const projectId = await projectIdOf(event);
				await removeProjectFile(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, projectFileId: fileId });
				return { saved: 'fileRemoved' };
			}),
		moveFile: (event: E) =>
			handleForm(event, moveProjectFileSchema, async ({ fileId, direction }) => {
				const projectId = await projectIdOf(event);
				await moveProjectFile(event.locals.rt.db, { actor: event.locals.actor, ip: event.getClientAddress(), projectId, projectFileId: fileId, direction });
				return { saved: 'fileMoved' };
			})
	};
}
