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
  | 'instruct';

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
  }
}

/**
 * 领导批示 comes with the SLA branch; until its route is in the client the button stays hidden
 * (the server does not offer the action either).
 */
async function instruct(_id: string, _body: Record<string, unknown>): Promise<TicketDetail> {
  throw new Error('instructions are not available');
}
