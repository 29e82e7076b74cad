import type { RequestContext } from '../../platform/context.js';

/** The context for writes made by the system itself (bootstrap, seeds, commands). */
export function systemContext(requestId: string): RequestContext {
  return { actor: null, ip: '', requestId, locale: 'zh-CN' };
}
