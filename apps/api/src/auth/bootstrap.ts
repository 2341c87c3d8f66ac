/**
 * First start: the "default" workspace and a first admin when no user exists, either from
 * BOOTSTRAP_ADMIN_EMAIL + BOOTSTRAP_ADMIN_PASSWORD, or `admin@grantkeeper.local` with a random
 * one-time password that the caller prints once to stdout (never to the JSON log) and that must
 * be changed at the first sign-in. The admin's creation is audited in the default workspace (by
 * "first start").
 */
import type { AppConfig } from '../config.js';
import type { AuthService } from './auth-service.js';
import { isAuthError } from './errors.js';
import type { UserInfo, WorkspaceInfo } from './principal.js';
import { newPassword } from './secrets.js';
import { firstStartActor } from './user-audit.js';

export const GENERATED_ADMIN_EMAIL = 'admin@grantkeeper.local';

export interface BootstrapResult {
  defaultWorkspace: WorkspaceInfo;
  /** Set when this start created the first admin. */
  createdAdmin: { user: UserInfo; source: 'environment' | 'generated'; oneTimePassword: string | null } | null;
}

export async function bootstrap(auth: AuthService, config: Pick<AppConfig, 'bootstrapAdmin'>): Promise<BootstrapResult> {
  const defaultWorkspace = await auth.workspaces.ensureDefault();
  if ((await auth.users.count()) > 0) return { defaultWorkspace, createdAdmin: null };

  const fromEnv = config.bootstrapAdmin;
  const email = fromEnv?.email ?? GENERATED_ADMIN_EMAIL;
  const password = fromEnv?.password ?? newPassword();
  try {
    // A generated password is one-time: the admin chooses their own at the first sign-in.
    const user = await auth.users.create(
      { email, password, displayName: 'Administrator', role: 'ADMIN', mustChangePassword: !fromEnv },
      { workspaceId: defaultWorkspace.id, actor: firstStartActor },
    );
    return {
      defaultWorkspace,
      createdAdmin: {
        user,
        source: fromEnv ? 'environment' : 'generated',
        oneTimePassword: fromEnv ? null : password,
      },
    };
  } catch (err) {
    // Another instance starting at the same moment created it first.
    if (isAuthError(err) && err.code === 'CONFLICT') return { defaultWorkspace, createdAdmin: null };
    throw err;
  }
}
