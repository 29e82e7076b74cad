import type { paths } from '../../../api/schema';

export type RoleRow = paths['/api/roles']['get']['responses'][200]['content']['application/json'][number];
export type RoleBody = paths['/api/roles']['post']['requestBody']['content']['application/json'];
export type PermissionModule =
  paths['/api/permissions']['get']['responses'][200]['content']['application/json'][number];
