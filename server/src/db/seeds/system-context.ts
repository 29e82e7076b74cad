import { eq } from 'drizzle-orm';
import { loadGrants } from '../../modules/auth/session.service.js';
import { appUser } from '../../modules/user/user.table.js';
import type { AuthedContext, Deps, RequestContext } from '../../platform/context.js';

/** The context for writes made by the system itself (bootstrap, seeds, commands). */
export function systemContext(requestId: string): RequestContext {
  return { actor: null, ip: '', requestId, locale: 'zh-CN' };
}

/** A demo user's context with their real grants, for seeds that work through the services. */
export async function userContext(deps: Deps, requestId: string, username: string): Promise<AuthedContext> {
  const [u] = await deps.db.select().from(appUser).where(eq(appUser.username, username));
  if (!u) throw new Error(`${requestId}: user ${username} missing`);
  const grants = await loadGrants(deps.db, u.id);
  return {
    actor: {
      id: u.id,
      username: u.username,
      name: u.name,
      permissions: grants.permissions,
      scope: grants.scope,
      sessionId: 'seed',
      mustChangePassword: false,
    },
    ip: '',
    requestId,
    locale: 'zh-CN',
  };
}
