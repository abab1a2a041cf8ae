import { z } from 'zod';
import { localeSchema } from '../http/locale.ts';
import { isCommonPassword, isPersonalPassword } from './passwordPolicy.ts';

// One schema per boundary: the forms, the JSON API and the OpenAPI document use these.
export const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
/** A new password: long enough and not a common one (whether it is the person's own address or name is checked where both are known). */
export const newPassword = z
	.string()
	.min(10)
	.max(200)
	.refine((p) => !isCommonPassword(p), { message: 'err_password_common' });
export const displayName = z.string().trim().min(1).max(80);

export const registerSchema = z.object({ displayName, email, password: newPassword }).superRefine((v, ctx) => {
	if (isPersonalPassword(v.password, { email: v.email, name: v.displayName })) ctx.addIssue({ code: 'custom', path: ['password'], message: 'err_password_personal' });
});
export const loginSchema = z.object({ email, password: z.string().min(1).max(200) });
export const requestResetSchema = z.object({ email });
export const resetPasswordSchema = z.object({ token: z.string().min(10).max(100), password: newPassword });
export const profileSchema = z.object({ displayName, locale: localeSchema });
export const changePasswordSchema = z.object({ currentPassword: z.string().min(1).max(200), password: newPassword });
export const deleteAccountSchema = z.object({ currentPassword: z.string().min(1).max(200), confirm: z.literal('on', { message: 'err_confirm_delete' }) });
