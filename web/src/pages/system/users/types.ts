import type { paths } from '../../../api/schema';

/** A row of GET /api/users (mobile and e-mail arrive masked). */
export type UserRow = paths['/api/users']['get']['responses'][200]['content']['application/json']['data'][number];

export type CreateUserBody = paths['/api/users']['post']['requestBody']['content']['application/json'];
export type UpdateUserBody = NonNullable<paths['/api/users/{id}']['put']['requestBody']>['content']['application/json'];

/** One grant as the server accepts it: exactly the fields of its scope kind, nothing else. */
export type AssignmentBody = NonNullable<CreateUserBody['assignments']>[number];

export type ScopeKind = AssignmentBody['scopeKind'];

/** One grant as the form holds it while it is being edited. */
export interface AssignmentValue {
  roleId?: string;
  scopeKind?: ScopeKind;
  scopeOrgId?: string;
  scopeProjectIds?: string[];
}

export function toAssignmentBody(value: AssignmentValue): AssignmentBody {
  const roleId = value.roleId as string;
  if (value.scopeKind === 'all') return { roleId, scopeKind: 'all' };
  if (value.scopeKind === 'org') return { roleId, scopeKind: 'org', scopeOrgId: value.scopeOrgId as string };
  return { roleId, scopeKind: 'projects', scopeProjectIds: value.scopeProjectIds ?? [] };
}

export function toAssignmentValue(a: UserRow['assignments'][number]): AssignmentValue {
  return {
    roleId: a.roleId,
    scopeKind: a.scopeKind,
    scopeOrgId: a.scopeOrgId ?? undefined,
    scopeProjectIds: a.scopeProjectIds,
  };
}

/** What agents type or paste ("+86 138-0013-8000") reduced to the 11 digits, or null when it is not a mobile. */
export function normaliseMobile(input: string): string | null {
  let digits = input.replace(/[\s\-().（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
