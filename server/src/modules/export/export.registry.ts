import type { Permission } from '../../platform/permissions.js';
import { callExport } from '../callcenter/call.export.js';
import { customerExport } from '../customer/customer.export.js';
import { moveInExport } from '../customer/move-in.export.js';
import { renameExport } from '../customer/rename.export.js';
import { receptionExport } from '../ticket/reception.export.js';
import { ticketExport } from '../ticket/ticket.export.js';
import { userExport } from '../user/user.export.js';
import type { RegisteredExport } from './personal-export.js';

/**
 * The exports that carry personal data (QUALITY.md 19): customers (names, masked ID numbers and
 * mobiles, rooms), the move-in register (owners' names, masked mobiles), rename requests (old and
 * new names), staff (names, masked mobiles), tickets and reception records (customers' and
 * callers' names, masked phones), the call log (masked numbers, customers' names). Each is masked, logged, and needs approval above
 * the `export.approval_threshold` parameter. A new list of personal data is added here.
 */
export const personalExports = [
  customerExport,
  moveInExport,
  renameExport,
  userExport,
  ticketExport,
  receptionExport,
  callExport,
] as const satisfies readonly RegisteredExport[];

export type ExportResource = (typeof personalExports)[number]['resource'];
export const exportResources = personalExports.map((e) => e.resource) as [ExportResource, ...ExportResource[]];

export function registeredExport(resource: string): RegisteredExport | undefined {
  return personalExports.find((e) => e.resource === resource);
}

/** The permissions that open at least one registered export (asking for approval needs one). */
export const exportPermissions: readonly Permission[] = [...new Set(personalExports.map((e) => e.permission))];
