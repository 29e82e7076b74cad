import { api, unwrap } from '../../../api/client';
import type { paths } from '../../../api/schema';
import type { TicketDetail } from '../types';

export type PostedAction =
  | 'dispatch'
  | 'reassign'
  | 'accept'
  | 'progress'
  | 'note'
  | 'pause'
  | 'resume'
  | 'resolve'
  | 'reclassify'
  | 'visit'
  | 'close'
  | 'cancel'
  | 'merge'
  | 'instruct'
  | 'fast_forward';

type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/**
 * Sends one ticket action (POST /api/tickets/{id}/<action>); the server answers the ticket as it
 * is after it. The dialogs build the bodies from their forms, in the shapes these routes take.
 */
export async function runAction(
  id: string,
  action: PostedAction,
  body: Record<string, unknown>,
): Promise<TicketDetail> {
  const params = { path: { id } };
  switch (action) {
    case 'dispatch':
      return unwrap(
        api.POST('/api/tickets/{id}/dispatch', { params, body: body as Body<'/api/tickets/{id}/dispatch'> }),
      );
    case 'reassign':
      return unwrap(
        api.POST('/api/tickets/{id}/reassign', { params, body: body as Body<'/api/tickets/{id}/reassign'> }),
      );
    case 'accept':
      return unwrap(api.POST('/api/tickets/{id}/accept', { params }));
    case 'progress':
      return unwrap(
        api.POST('/api/tickets/{id}/progress', { params, body: body as Body<'/api/tickets/{id}/progress'> }),
      );
    case 'note':
      return unwrap(api.POST('/api/tickets/{id}/notes', { params, body: body as Body<'/api/tickets/{id}/notes'> }));
    case 'pause':
      return unwrap(api.POST('/api/tickets/{id}/pause', { params, body: body as Body<'/api/tickets/{id}/pause'> }));
    case 'resume':
      return unwrap(api.POST('/api/tickets/{id}/resume', { params, body: body as Body<'/api/tickets/{id}/resume'> }));
    case 'resolve':
      return unwrap(api.POST('/api/tickets/{id}/resolve', { params, body: body as Body<'/api/tickets/{id}/resolve'> }));
    case 'reclassify':
      return unwrap(
        api.POST('/api/tickets/{id}/reclassify', { params, body: body as Body<'/api/tickets/{id}/reclassify'> }),
      );
    case 'visit':
      return unwrap(api.POST('/api/tickets/{id}/visit', { params, body: body as Body<'/api/tickets/{id}/visit'> }));
    case 'close':
      return unwrap(api.POST('/api/tickets/{id}/close', { params, body: body as Body<'/api/tickets/{id}/close'> }));
    case 'cancel':
      return unwrap(api.POST('/api/tickets/{id}/cancel', { params, body: body as Body<'/api/tickets/{id}/cancel'> }));
    case 'merge':
      return unwrap(api.POST('/api/tickets/{id}/merge', { params, body: body as Body<'/api/tickets/{id}/merge'> }));
    case 'instruct':
      return instruct(id, body);
    case 'fast_forward':
      return fastForward(id);
  }
}

/** 领导批示 answers the instruction, not the ticket: read the ticket again to show it on the timeline. */
async function instruct(id: string, body: Record<string, unknown>): Promise<TicketDetail> {
  await unwrap(
    api.POST('/api/tickets/{id}/instructions', {
      params: { path: { id } },
      body: body as Body<'/api/tickets/{id}/instructions'>,
    }),
  );
  return unwrap(api.GET('/api/tickets/{id}', { params: { path: { id } } }));
}

/**
 * Demo installations only: the next time limit of the ticket falls due now and the sweep runs,
 * so a warning, an overdue mark or the next escalation level shows at once. Read the ticket again.
 */
async function fastForward(id: string): Promise<TicketDetail> {
  await unwrap(api.POST('/api/tickets/{id}/sla/fast-forward', { params: { path: { id } }, body: {} }));
  return unwrap(api.GET('/api/tickets/{id}', { params: { path: { id } } }));
}
