/** What the caller search needs of a customer from GET /api/customers. */
export interface CallerCustomer {
  id: string;
  name: string;
  code: string;
  mobile: string | null;
  rooms: {
    roomId: string;
    roomCode: string;
    projectId: string;
    projectName: string;
    role: 'owner' | 'tenant' | 'resident';
  }[];
}

/** One line of the dropdown: a customer, and the room picking it would fill in (if any). */
export interface CallerRow {
  key: string;
  customer: CallerCustomer;
  room: CallerCustomer['rooms'][number] | null;
  /** The line was found by its room number or code. */
  byRoom: boolean;
}

/** Whether the typed text names this room the way the server's search matches rooms. */
export function roomMatches(roomCode: string, typed: string): boolean {
  const q = typed.replace(/\s/g, '').toUpperCase();
  if (!/^[0-9A-Z]{1,10}(-[0-9A-Z]{1,10}){0,2}$/.test(q)) return false;
  const code = roomCode.toUpperCase();
  if (q.includes('-')) return code.startsWith(q);
  // A bare number is the room number: the last part of the code (1201 of 3-2-1201).
  return code.split('-').at(-1) === q;
}

const roleOrder = { owner: 0, resident: 1, tenant: 2 } as const;

/**
 * The dropdown's lines for what the server found. A customer found by a room is offered with
 * that room (one line per matching room, first); otherwise with each room they hold, owned
 * rooms first, so Enter on the first line picks the customer and their main room at once. A
 * customer with no room is one line without.
 */
export function callerRows(customers: CallerCustomer[], typed: string): CallerRow[] {
  const byRoom: CallerRow[] = [];
  const others: CallerRow[] = [];
  for (const customer of customers) {
    // One line per room: an owner who also lives there holds it twice (owner and resident).
    const rooms = [...customer.rooms]
      .sort((a, b) => roleOrder[a.role] - roleOrder[b.role])
      .filter((r, i, all) => all.findIndex((o) => o.roomId === r.roomId) === i);
    const matching = rooms.filter((r) => roomMatches(r.roomCode, typed));
    if (matching.length > 0) {
      for (const room of matching) byRoom.push({ key: `${customer.id}:${room.roomId}`, customer, room, byRoom: true });
    } else if (rooms.length === 0) {
      others.push({ key: customer.id, customer, room: null, byRoom: false });
    } else {
      for (const room of rooms) others.push({ key: `${customer.id}:${room.roomId}`, customer, room, byRoom: false });
    }
  }
  return [...byRoom, ...others];
}

/** A typed mainland mobile or landline (digits, +86, spaces, hyphens) for an unknown caller. */
export function typedPhone(typed: string): string | null {
  const compact = typed.replace(/[\s-]/g, '').replace(/^\+86/, '');
  return /^\d{7,12}$/.test(compact) ? compact : null;
}
