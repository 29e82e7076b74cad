import { and, count, eq, isNull } from 'drizzle-orm';
import { businessCalendar } from '../../modules/calendar/calendar.table.js';
import { seedDefaultTiers } from '../../modules/casework/compensation-tier.service.js';
import { dictionary, dictionaryItem } from '../../modules/dictionary/dictionary.table.js';
import { seedMessageDefaults } from '../../modules/notification/message.defaults.js';
import { insertOrgNode } from '../../modules/org/org.service.js';
import { role, roleAssignment } from '../../modules/role/role.table.js';
import { appUser } from '../../modules/user/user.table.js';
import { write } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { generatePassword, hashPassword } from '../../platform/password.js';
import { allPermissions, builtinRoles } from '../../platform/permissions.js';
import { seedCatalogue } from './catalogue.js';
import { builtinDictionaries } from './dictionaries.js';
import { systemContext } from './system-context.js';

/**
 * Runs at every start and is safe to repeat: adds the built-in roles, dictionaries and the group's
 * default business calendar that are missing, gives the administrator role any permission added
 * by a newer version, and seeds the default 投诉问题标准库 into an empty catalogue.
 *
 * Other built-in roles keep the permissions they have. Administrators edit them in the role
 * editor, and a permission missing from one cannot be told apart from one taken away on purpose:
 * adding it back at every start would undo that decision. A newer version's grant to another
 * built-in role (公司领导's export.approve) is made by an administrator in 角色权限 (docs/OPERATIONS.md).
 */
export async function bootstrap(deps: Deps): Promise<{ empty: boolean }> {
  const ctx = systemContext('bootstrap');
  const existingRoles = await deps.db.select().from(role);
  const byCode = new Map(existingRoles.map((r) => [r.code, r]));
  const missingRoles = builtinRoles.filter((r) => !byCode.has(r.code));
  const admin = byCode.get('administrator');
  const adminMissing = admin ? allPermissions.filter((p) => !admin.permissions.includes(p)) : [];
  if (missingRoles.length || adminMissing.length) {
    await write(deps, ctx, async (tx, audit) => {
      for (const r of missingRoles) {
        const [row] = await tx
          .insert(role)
          .values({
            code: r.code,
            name: r.name,
            description: r.description,
            builtin: true,
            permissions: [...r.permissions],
          })
          .returning();
        audit.record({
          action: 'role.create',
          entityType: 'role',
          entityId: row?.id,
          summary: `内置角色「${r.name}」`,
          after: row,
        });
      }
      if (admin && adminMissing.length) {
        const permissions = [...admin.permissions, ...adminMissing].sort();
        await tx.update(role).set({ permissions }).where(eq(role.id, admin.id));
        audit.record({
          action: 'role.update',
          entityType: 'role',
          entityId: admin.id,
          summary: '系统管理员角色获得新版本增加的权限',
          before: { permissions: admin.permissions },
          after: { permissions },
        });
      }
    });
  }

  const existingDicts = new Set((await deps.db.select({ code: dictionary.code }).from(dictionary)).map((d) => d.code));
  const missingDicts = builtinDictionaries.filter((d) => !existingDicts.has(d.code));
  if (missingDicts.length) {
    await write(deps, ctx, async (tx, audit) => {
      for (const d of missingDicts) {
        const [row] = await tx
          .insert(dictionary)
          .values({ code: d.code, name: d.name, nameEn: d.nameEn, description: d.description, builtin: true })
          .returning();
        if (!row) continue;
        await tx.insert(dictionaryItem).values(
          d.items.map(([code, label, labelEn], i) => ({
            dictionaryId: row.id,
            code,
            label,
            labelEn,
            sortOrder: (i + 1) * 10,
          })),
        );
        audit.record({
          action: 'dictionary.create',
          entityType: 'dictionary',
          entityId: row.id,
          summary: `内置字典「${d.name}」`,
        });
      }
    });
  }

  // After the dictionaries: the catalogue's items name their departments and trades.
  await seedCatalogue(deps);
  await seedStandardCalendar(deps);
  // 赔付审批档位: the group's defaults when it has none (an administrator's own are kept).
  await seedDefaultTiers(deps, ctx);
  // 消息模板 and 发送通道: the Chinese defaults and the outbox for every channel.
  await seedMessageDefaults(deps, ctx);

  const [users] = await deps.db.select({ n: count() }).from(appUser);
  return { empty: (users?.n ?? 0) === 0 };
}

/** The group-wide default business calendar, every project's calendar until another is set. */
export const standardCalendar = {
  code: 'STANDARD',
  name: '标准工作日历',
  timeZone: 'Asia/Shanghai',
  workWeek: [1, 2, 3, 4, 5],
  shifts: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  statutory: true,
};

/**
 * Adds 标准工作日历 as the group default when the group has no default calendar and the code is
 * free; an administrator who made another calendar the group default keeps it.
 */
async function seedStandardCalendar(deps: Deps): Promise<void> {
  const existing = await deps.db
    .select({ id: businessCalendar.id })
    .from(businessCalendar)
    .where(and(isNull(businessCalendar.companyId), eq(businessCalendar.isDefault, true)));
  const taken = await deps.db
    .select({ id: businessCalendar.id })
    .from(businessCalendar)
    .where(eq(businessCalendar.code, standardCalendar.code));
  if (existing.length > 0 || taken.length > 0) return;
  await write(deps, systemContext('bootstrap'), async (tx, audit) => {
    const [row] = await tx
      .insert(businessCalendar)
      .values({ ...standardCalendar, companyId: null, orgPath: '/', isDefault: true })
      .returning();
    audit.record({
      action: 'calendar.create',
      entityType: 'business_calendar',
      entityId: row?.id,
      orgPath: '/',
      summary: `内置工作日历「${standardCalendar.name}」（集团默认）`,
      after: row,
    });
  });
}

/**
 * A new installation on PostgreSQL without demo data: one group node and an `admin` account
 * with a generated password that must be changed at first login.
 */
export async function createInitialAdmin(deps: Deps): Promise<string> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await write(deps, systemContext('bootstrap'), async (tx, audit) => {
    const group = await insertOrgNode(tx, null, { kind: 'group', name: '集团', code: 'GROUP' });
    const [user] = await tx
      .insert(appUser)
      .values({
        username: 'admin',
        name: '系统管理员',
        orgId: group.id,
        orgPath: group.path,
        passwordHash,
        mustChangePassword: true,
      })
      .returning();
    const [adminRole] = await tx.select().from(role).where(eq(role.code, 'administrator'));
    if (!user || !adminRole) throw new Error('bootstrap: administrator role missing');
    await tx.insert(roleAssignment).values({ userId: user.id, roleId: adminRole.id, scopeKind: 'all' });
    audit.record({
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      orgPath: group.path,
      summary: '初始管理员 admin',
    });
  });
  return password;
}
