import type { TFunction } from 'i18next';
import type { paths } from '../../api/schema';

export type AuditEntry = paths['/api/audit']['get']['responses'][200]['content']['application/json']['data'][number];
export type ChainReport = paths['/api/audit/verify']['get']['responses'][200]['content']['application/json'];

/** The actions the server records today; others still show, under their raw code. */
export const knownActions = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_changed',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.unlock',
  'user.reset_password',
  'user.export',
  'role.create',
  'role.update',
  'role.delete',
  'org.create',
  'org.update',
  'org.delete',
  'project.create',
  'project.update',
  'project.export',
  'dictionary.create',
  'dictionary.update',
  'dictionary.delete',
  'dictionary.item_create',
  'dictionary.item_update',
  'dictionary.item_delete',
  'parameter.update',
  'audit.export',
  'customer.create',
  'customer.update',
  'customer.disable',
  'customer.enable',
  'customer.anonymise',
  'customer.reveal',
  'customer.export',
  'occupancy.move_in',
  'occupancy.move_out',
  'occupancy.transfer_out',
  'occupancy.transfer_in',
  'export_request.create',
  'export_request.approve',
  'export_request.reject',
  'export_request.download',
  'customer.rename',
  'move_in.create',
  'move_in.export',
  'rename.request',
  'rename.approve',
  'rename.reject',
  'rename.withdraw',
  'room.update',
  'import.create',
  'import.rows',
  'import.rejections_export',
  'catalogue.seed',
  'catalogue.create',
  'catalogue.update',
  'catalogue.move',
  'catalogue.enable',
  'catalogue.disable',
  'catalogue.delete',
  'catalogue.reorder',
  'catalogue.import',
  'catalogue.export',
  'contractor.create',
  'contractor.update',
  'contractor.enable',
  'contractor.disable',
  'contractor.export',
  'contractor.scope_add',
  'contractor.scope_update',
  'contractor.scope_remove',
  'message_template.update',
  'message_channel.update',
  'message_channel.test',
  'message.retry',
  'message.export',
] as const;

export const entityTypes = [
  'user',
  'organization',
  'project',
  'role',
  'dictionary',
  'dictionary_item',
  'parameter',
  'audit_entry',
  'customer',
  'export_request',
  'room',
  'move_in',
  'rename_request',
  'import',
  'catalogue_node',
  'contractor',
  'message_template',
  'message_channel',
  'outbound_message',
] as const;

function lookup(t: TFunction, key: string, fallback: string): string {
  const text = t(key, { defaultValue: '' });
  return typeof text === 'string' && text !== '' && text !== key ? text : fallback;
}

/** 新建用户 for user.create; the raw code when the action is not known. */
export function actionLabel(t: TFunction, code: string): string {
  return lookup(t, `audit:action.${code}`, code);
}

export function entityTypeLabel(t: TFunction, type: string): string {
  return lookup(t, `audit:entityType.${type}`, type);
}
