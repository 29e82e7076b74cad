import type { DbOrTx } from '../../db/client.js';
import type { Suggestion } from './dispatch.service.js';
import { handlerDisplay, loadNames } from './ticket.repository.js';
import type { SuggestionDto } from './ticket.schema.js';

/** A suggestion with the names the reception screen shows. */
export async function presentSuggestion(db: DbOrTx, s: Suggestion): Promise<SuggestionDto> {
  const names = await loadNames(db, {
    users: [s.handlerUserId ?? null],
    orgs: [s.handlerOrgId ?? null],
    contractors: [s.contractorId ?? null],
  });
  const row = {
    handlerKind: s.handlerKind ?? null,
    handlerUserId: s.handlerUserId ?? null,
    handlerOrgId: s.handlerOrgId ?? null,
    contractorId: s.contractorId ?? null,
  };
  return {
    method: s.method,
    ...row,
    names: {
      user: row.handlerUserId ? (names.users.get(row.handlerUserId) ?? null) : null,
      org: row.handlerOrgId ? (names.orgs.get(row.handlerOrgId) ?? null) : null,
      contractor: row.contractorId ? (names.contractors.get(row.contractorId) ?? null) : null,
    },
    handlerName: handlerDisplay(row, names),
    reason: s.reason,
    warranty: s.warranty,
  };
}
