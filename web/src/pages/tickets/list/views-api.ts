import { ApiError } from '../../../api/client';
import i18n from '../../../app/i18n';

/** A saved ticket list view (GET/POST/DELETE /api/ticket-views). */
export interface TicketView {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: string;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: {
        'Accept-Language': i18n.language === 'en-US' ? 'en-US' : 'zh-CN',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
  } catch {
    throw new ApiError({
      code: 'NETWORK',
      status: 0,
      title: i18n.t('common:error.network'),
      detail: i18n.t('common:error.network'),
    });
  }
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = body && typeof body === 'object' && 'code' in body ? (body as ApiError['problem']) : undefined;
    throw new ApiError(
      problem ?? {
        code: 'NETWORK',
        status: response.status,
        title: i18n.t('common:error.network'),
        detail: i18n.t('common:error.network'),
      },
    );
  }
  return body as T;
}

// The saved-view routes are not in the generated client yet; these calls move to `api` once they are.
export const viewsApi = {
  list: () => call<TicketView[]>('/api/ticket-views'),
  create: (body: { name: string; filters: Record<string, unknown> }) =>
    call<TicketView>('/api/ticket-views', { method: 'POST', body: JSON.stringify(body) }),
  remove: (id: string) => call<void>(`/api/ticket-views/${id}`, { method: 'DELETE' }),
};
