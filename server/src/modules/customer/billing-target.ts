import type { OccupancyRole } from './customer.table.js';

/** A current relation of a customer to a room, as the billing target reads it. */
export interface CurrentOccupancy {
  customerId: string;
  name: string;
  role: OccupancyRole;
  fromDate: string;
}

export interface BillingTarget {
  customerId: string;
  name: string;
  role: OccupancyRole;
}

/** Who is billed first: whoever lives in the room, else the tenant, else the owner (极致 收费对象). */
export const billingOrder: readonly OccupancyRole[] = ['resident', 'tenant', 'owner'];

/**
 * 收费对象: the room's default billing target among its current relations — a resident (住户),
 * else a tenant (租户), else an owner (业主); with none of them the room is vacant and nothing is
 * billed (null). Among several of the deciding role, a customer who also holds another relation
 * to the room (an owner who lives there) comes first, then the longest-standing, then the
 * customer id, so the answer never depends on the order the rows arrive in.
 */
export function billingTarget(current: readonly CurrentOccupancy[]): BillingTarget | null {
  for (const role of billingOrder) {
    const candidates = current.filter((o) => o.role === role);
    if (candidates.length === 0) continue;
    const otherRoles = (customerId: string) =>
      current.some((o) => o.customerId === customerId && o.role !== role) ? 0 : 1;
    const [first] = [...candidates].sort(
      (a, b) =>
        otherRoles(a.customerId) - otherRoles(b.customerId) ||
        a.fromDate.localeCompare(b.fromDate) ||
        a.customerId.localeCompare(b.customerId),
    );
    if (first) return { customerId: first.customerId, name: first.name, role };
  }
  return null;
}
