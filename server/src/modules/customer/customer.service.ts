import { and, asc, count, desc, eq, exists, ilike, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { type AuditRecorder, write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { checkIdNumber, type IdType, idProblemMessages, normaliseIdNumber } from '../../platform/identity.js';
import { maskMobile } from '../../platform/mask.js';
import { normaliseMobile } from '../../platform/phone.js';
import { type DataScope, scopeCoversPath, scopeRows } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { nameKeys } from './customer.names.js';
import type { CustomerDto, CustomerInput } from './customer.schema.js';
import { customer, customerPhone, type OccupancyRole, occupancy } from './customer.table.js';

type CustomerRow = typeof customer.$inferSelect;
type Locale = 'zh-CN' | 'en-US';

const roleLabels: Record<OccupancyRole, Record<Locale, string>> = {
  owner: { 'zh-CN': '业主', 'en-US': 'owner' },
  tenant: { 'zh-CN': '租户', 'en-US': 'tenant' },
  resident: { 'zh-CN': '住户', 'en-US': 'resident' },
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A customer is visible to whoever's scope covers its company, and to those who see a project
 * where it currently or formerly holds a room.
 */
export function customerScope(ctx: AuthedContext): SQL | undefined {
  const scope = ctx.actor.scope;
  if (scope.all) return undefined;
  const byOrg = scopeRows(scope, { path: customer.orgPath });
  const viaRoom = sql`exists (select 1 from ${occupancy} where ${occupancy.customerId} = ${customer.id} and ${scopeByProject(scope, occupancy.projectId)})`;
  return or(byOrg, viaRoom);
}

// ── presenting ─────────────────────────────────────────────────────────────

/**
 * The rooms of these customers that the caller may see: a customer visible through one project
 * does not show its rooms in projects outside the caller's scope.
 */
async function occupanciesOf(db: DbOrTx, scope: DataScope, customerIds: string[], onlyCurrent: boolean) {
  if (customerIds.length === 0) return [];
  const rows = await db
    .select({
      occupancy,
      customerName: customer.name,
      roomCode: room.code,
      projectName: project.name,
    })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .innerJoin(room, eq(room.id, occupancy.roomId))
    .innerJoin(project, eq(project.id, occupancy.projectId))
    .where(
      and(
        inArray(occupancy.customerId, customerIds),
        onlyCurrent ? isNull(occupancy.toDate) : undefined,
        scopeByProject(scope, occupancy.projectId),
      ),
    )
    .orderBy(desc(occupancy.fromDate), asc(room.code));
  return rows.map(presentOccupancy);
}

type OccupancyJoined = {
  occupancy: typeof occupancy.$inferSelect;
  customerName: string;
  roomCode: string;
  projectName: string;
};

function presentOccupancy(r: OccupancyJoined) {
  return {
    id: r.occupancy.id,
    customerId: r.occupancy.customerId,
    customerName: r.customerName,
    roomId: r.occupancy.roomId,
    roomCode: r.roomCode,
    projectId: r.occupancy.projectId,
    projectName: r.projectName,
    role: r.occupancy.role,
    fromDate: r.occupancy.fromDate,
    toDate: r.occupancy.toDate,
    note: r.occupancy.note,
    current: r.occupancy.toDate === null,
  };
}

async function present(db: DbOrTx, scope: DataScope, rows: CustomerRow[]): Promise<CustomerDto[]> {
  const ids = rows.map((r) => r.id);
  const companyIds = [...new Set(rows.map((r) => r.companyId))];
  const [phones, rooms, companies] = await Promise.all([
    ids.length
      ? db
          .select()
          .from(customerPhone)
          .where(inArray(customerPhone.customerId, ids))
          .orderBy(desc(customerPhone.isPrimary), asc(customerPhone.createdAt))
      : Promise.resolve([]),
    occupanciesOf(db, scope, ids, true),
    companyIds.length
      ? db
          .select({ id: organization.id, name: organization.name })
          .from(organization)
          .where(inArray(organization.id, companyIds))
      : Promise.resolve([]),
  ]);
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  return rows.map((c) => {
    const own = phones.filter((p) => p.customerId === c.id);
    const primary = own.find((p) => p.isPrimary) ?? own[0];
    return {
      id: c.id,
      code: c.code,
      companyId: c.companyId,
      companyName: companyNames.get(c.companyId) ?? '',
      kind: c.kind,
      name: c.name,
      gender: c.gender,
      birthday: c.birthday,
      idType: c.idType,
      idNumber: c.idNumberMasked,
      mobile: primary ? maskMobile(primary.number) : null,
      phones: own.map((p) => ({ id: p.id, number: maskMobile(p.number), label: p.label, isPrimary: p.isPrimary })),
      source: c.source,
      tags: c.tags,
      notes: c.notes,
      active: c.active,
      anonymised: c.anonymisedAt !== null,
      rooms: rooms.filter((r) => r.customerId === c.id),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  });
}

// ── finding ────────────────────────────────────────────────────────────────

export interface CustomerFilter {
  q?: string;
  kind?: 'person' | 'organisation';
  projectId?: string;
  active?: 'true' | 'false';
}

/**
 * The one search box: a name or part of it (张三, 三丰), pinyin initials or full pinyin (zsf,
 * zhangsan), a mobile number or its last four digits, a room number or code (1201, 3-2-1201),
 * or the last six characters of an ID number.
 */
function searchCondition(deps: Deps, scope: DataScope, q: string): SQL | undefined {
  const conditions: SQL[] = [];
  const compact = q.replace(/\s/g, '');
  const roomMatch = (roomCondition: SQL) =>
    exists(
      deps.db
        .select({ one: sql`1` })
        .from(occupancy)
        .innerJoin(room, eq(room.id, occupancy.roomId))
        .where(
          and(
            eq(occupancy.customerId, customer.id),
            isNull(occupancy.toDate),
            scopeByProject(scope, occupancy.projectId),
            roomCondition,
          ),
        ),
    );
  const phoneMatch = (phoneCondition: SQL) =>
    exists(
      deps.db
        .select({ one: sql`1` })
        .from(customerPhone)
        .where(and(eq(customerPhone.customerId, customer.id), phoneCondition)),
    );
  if (/[\u4e00-\u9fff]/.test(compact)) {
    conditions.push(ilike(customer.name, `%${escapeLike(compact)}%`));
  }
  if (/^[a-zA-Z]+$/.test(compact)) {
    const lower = escapeLike(compact.toLowerCase());
    conditions.push(like(customer.nameInitials, `${lower}%`), like(customer.namePinyin, `${lower}%`));
    conditions.push(ilike(customer.name, `%${escapeLike(compact)}%`));
  }
  const mobile = normaliseMobile(compact);
  if (mobile) conditions.push(phoneMatch(eq(customerPhone.number, mobile)));
  if (/^\d{4}$/.test(compact)) conditions.push(phoneMatch(eq(customerPhone.last4, compact)));
  if (/^[0-9A-Za-z]{1,10}(-[0-9A-Za-z]{1,10}){0,2}$/.test(compact)) {
    const upper = compact.toUpperCase();
    conditions.push(
      roomMatch(compact.includes('-') ? like(room.code, `${escapeLike(upper)}%`) : eq(room.number, upper)),
    );
  }
  if (/^[0-9Xx]{6}$/.test(compact)) conditions.push(eq(customer.idLast6Hash, deps.secrets.hash(compact.toUpperCase())));
  if (conditions.length === 0) conditions.push(ilike(customer.name, `%${escapeLike(compact)}%`));
  return or(...conditions);
}

function conditions(deps: Deps, ctx: AuthedContext, f: CustomerFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [customerScope(ctx)];
  if (f.q) list.push(searchCondition(deps, ctx.actor.scope, f.q));
  if (f.kind) list.push(eq(customer.kind, f.kind));
  if (f.active) list.push(eq(customer.active, f.active === 'true'));
  if (f.projectId) {
    list.push(
      sql`exists (select 1 from ${occupancy} where ${occupancy.customerId} = ${customer.id} and ${occupancy.projectId} = ${f.projectId})`,
    );
  }
  return and(...list);
}

export async function listCustomers(
  deps: Deps,
  ctx: AuthedContext,
  q: CustomerFilter & { current: number; pageSize: number },
) {
  const where = conditions(deps, ctx, q);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(customer)
      .where(where)
      .orderBy(desc(customer.createdAt), asc(customer.code))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(customer).where(where),
  ]);
  return {
    data: await present(deps.db, ctx.actor.scope, rows),
    total: total?.n ?? 0,
    current: q.current,
    pageSize: q.pageSize,
  };
}

export async function exportCustomers(deps: Deps, ctx: AuthedContext, f: CustomerFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(customer)
    .where(conditions(deps, ctx, f))
    .orderBy(asc(customer.code))
    .limit(limit);
  return present(deps.db, ctx.actor.scope, rows);
}

async function customerRow(deps: Deps, ctx: AuthedContext, id: string): Promise<CustomerRow> {
  const [row] = await deps.db
    .select()
    .from(customer)
    .where(and(eq(customer.id, id), customerScope(ctx)));
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  return row;
}

export async function getCustomer(deps: Deps, ctx: AuthedContext, id: string): Promise<CustomerDto> {
  const [dto] = await present(deps.db, ctx.actor.scope, [await customerRow(deps, ctx, id)]);
  return dto as CustomerDto;
}

// ── writing ────────────────────────────────────────────────────────────────

const fieldLabels: Record<string, Record<Locale, string>> = {
  idNumber: { 'zh-CN': '证件号码', 'en-US': 'ID number' },
  mobile: { 'zh-CN': '手机号码', 'en-US': 'Mobile number' },
  phones: { 'zh-CN': '电话号码', 'en-US': 'Phone number' },
  idType: { 'zh-CN': '证件类型', 'en-US': 'ID type' },
};

function invalid(ctx: AuthedContext, field: string, reason: string): AppError {
  const label = fieldLabels[field]?.[ctx.locale] ?? field;
  return new AppError('IDENTIFIER_INVALID', { label, reason }, { errors: [{ field, in: 'body', message: reason }] });
}

interface CleanIdentity {
  idType: IdType | null;
  idNumber: string | null;
  phones: { number: string; label: string | null; isPrimary: boolean }[];
}

/** Normalises and checks identifiers; answers 422 naming the field (contract of POST /api/customers). */
function cleanIdentity(
  ctx: AuthedContext,
  input: Pick<CustomerInput, 'kind' | 'idType' | 'idNumber' | 'mobile' | 'phones'>,
  today: Date,
): CleanIdentity {
  const zh = ctx.locale === 'zh-CN';
  let idType: IdType | null = input.idType ?? null;
  const idNumber = input.idNumber ? normaliseIdNumber(input.idNumber) : null;
  if (idNumber && !idType) idType = input.kind === 'organisation' ? 'uscc' : 'resident_id';
  if (idType && !idNumber) throw invalid(ctx, 'idNumber', zh ? '请填写证件号码' : 'enter the ID number');
  if (idType === 'uscc' && input.kind === 'person') {
    throw invalid(ctx, 'idType', zh ? '个人客户不能使用统一社会信用代码' : 'a person cannot have a social credit code');
  }
  if (idType && idNumber) {
    const problem = checkIdNumber(idType, idNumber, today);
    if (problem) throw invalid(ctx, 'idNumber', idProblemMessages[problem][ctx.locale]);
  }
  const raw = [
    ...(input.mobile ? [{ number: input.mobile, label: null, isPrimary: true }] : []),
    ...(input.phones ?? []).map((p) => ({ number: p.number, label: p.label ?? null, isPrimary: p.isPrimary })),
  ];
  const phones: CleanIdentity['phones'] = [];
  for (const [i, p] of raw.entries()) {
    const number = normaliseMobile(p.number);
    const field = input.mobile && i === 0 ? 'mobile' : 'phones';
    if (!number)
      throw invalid(ctx, field, zh ? `“${p.number}”不是有效的手机号码` : `"${p.number}" is not a valid mobile number`);
    if (!phones.some((x) => x.number === number)) phones.push({ number, label: p.label, isPrimary: p.isPrimary });
  }
  // Exactly one primary: the first marked one, else the first number.
  const primaryIndex = Math.max(
    0,
    phones.findIndex((p) => p.isPrimary),
  );
  phones.forEach((p, i) => {
    p.isPrimary = i === primaryIndex;
  });
  return { idType, idNumber, phones };
}

function identityColumns(deps: Deps, identity: CleanIdentity) {
  const n = identity.idNumber;
  return {
    idType: identity.idType,
    idNumberEncrypted: n ? deps.secrets.encrypt(n) : null,
    idNumberHash: n ? deps.secrets.hash(n) : null,
    idLast6Hash: n ? deps.secrets.hash(n.slice(-6)) : null,
    idNumberMasked: n
      ? n.length > 10
        ? `${n.slice(0, 6)}${'*'.repeat(n.length - 10)}${n.slice(-4)}`
        : `${n.slice(0, 2)}****`
      : null,
  };
}

/**
 * The company of a new customer. Moving in at once, the room decides it: the customer will be
 * visible through that room, so a user whose scope is a project or a project office can create
 * customers too. Otherwise the caller's scope must cover the company.
 */
async function companyFor(deps: Deps, ctx: AuthedContext, companyId?: string, viaRoom?: ScopedRoom) {
  const scope = ctx.actor.scope;
  if (viaRoom) {
    if (companyId && companyId !== viaRoom.companyId) throw new AppError('OCCUPANCY_COMPANY_MISMATCH');
    const [company] = await deps.db.select().from(organization).where(eq(organization.id, viaRoom.companyId));
    if (!company) throw new AppError('ORG_NOT_FOUND');
    return company;
  }
  let id = companyId;
  if (!id) {
    // One company in reach: take it without asking.
    const companies = await deps.db
      .select({ id: organization.id, path: organization.path })
      .from(organization)
      .where(and(eq(organization.kind, 'company'), scopeRows(scope, { path: organization.path })));
    if (companies.length !== 1) throw new AppError('COMPANY_REQUIRED');
    id = companies[0]?.id;
  }
  const [company] = await deps.db
    .select()
    .from(organization)
    .where(and(eq(organization.id, id as string), eq(organization.kind, 'company')));
  if (!company || !scopeCoversPath(scope, company.path)) throw new AppError('ORG_NOT_FOUND');
  return company;
}

async function nextCode(tx: Tx, companyId: string): Promise<string> {
  const [row] = await tx
    .select({ max: sql<string | null>`max(${customer.code})` })
    .from(customer)
    .where(eq(customer.companyId, companyId));
  const n = row?.max ? Number(row.max.slice(2)) + 1 : 1;
  return `KH${String(n).padStart(6, '0')}`;
}

/**
 * Refuses an ID number another customer of the company holds. The refusal names that customer
 * only if the caller may see it (a project-scoped user gets its code, not its name).
 */
async function refuseTakenId(
  deps: Deps,
  ctx: AuthedContext,
  companyId: string,
  hash: string | null,
  exceptId?: string,
): Promise<void> {
  if (!hash) return;
  const visible = customerScope(ctx) ?? sql`true`;
  const [row] = await deps.db
    .select({ id: customer.id, name: customer.name, code: customer.code, visible: sql<boolean>`(${visible})` })
    .from(customer)
    .where(and(eq(customer.companyId, companyId), eq(customer.idNumberHash, hash)));
  if (row && row.id !== exceptId) throw new AppError('ID_NUMBER_TAKEN', { name: row.visible ? row.name : row.code });
}

export async function createCustomer(deps: Deps, ctx: AuthedContext, input: CustomerInput): Promise<CustomerDto> {
  const identity = cleanIdentity(ctx, input, deps.clock());
  if (input.moveIn) refuseFutureDate(deps, input.moveIn.fromDate);
  const viaRoom = input.moveIn ? await roomInScope(deps, ctx, input.moveIn.roomId) : undefined;
  const company = await companyFor(deps, ctx, input.companyId, viaRoom);
  const columns = identityColumns(deps, identity);
  await refuseTakenId(deps, ctx, company.id, columns.idNumberHash);
  const keys = nameKeys(input.name);
  const id = await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(customer)
      .values({
        companyId: company.id,
        orgPath: company.path,
        code: await nextCode(tx, company.id),
        kind: input.kind,
        name: input.name,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        gender: input.gender ?? null,
        birthday: input.birthday ?? null,
        source: input.source ?? null,
        tags: [...new Set(input.tags)],
        notes: input.notes ?? null,
        ...columns,
      })
      .returning();
    if (!row) throw new Error('insert customer returned nothing');
    if (identity.phones.length) {
      await tx
        .insert(customerPhone)
        .values(identity.phones.map((p) => ({ ...p, customerId: row.id, last4: p.number.slice(-4) })));
    }
    audit.record({
      action: 'customer.create',
      entityType: 'customer',
      entityId: row.id,
      orgPath: row.orgPath,
      summary: `新建客户「${row.name}」(${row.code})`,
      after: {
        ...publicColumns(row),
        idNumber: row.idNumberMasked,
        phones: identity.phones.map((p) => maskMobile(p.number)),
      },
    });
    if (viaRoom && input.moveIn) await openOccupancy(tx, audit, row, viaRoom, input.moveIn);
    return row.id;
  });
  return getCustomer(deps, ctx, id);
}

/** The columns an audit image may show: never the ciphertext or the hashes. */
function publicColumns(row: CustomerRow) {
  const { idNumberEncrypted: _e, idNumberHash: _h, idLast6Hash: _l, ...rest } = row;
  return rest;
}

export async function updateCustomer(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: Omit<CustomerInput, 'companyId' | 'kind' | 'moveIn'>,
): Promise<CustomerDto> {
  const before = await customerRow(deps, ctx, id);
  if (before.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  const identity = cleanIdentity(ctx, { ...input, kind: before.kind }, deps.clock());
  // Identifiers omitted on update stay as they are; sent ones replace them.
  const keepId = input.idNumber === undefined && input.idType === undefined;
  const keepPhones = input.mobile === undefined && input.phones === undefined;
  const columns = keepId ? {} : identityColumns(deps, identity);
  if (!keepId) {
    await refuseTakenId(deps, ctx, before.companyId, (columns as { idNumberHash: string | null }).idNumberHash, id);
  }
  const keys = nameKeys(input.name);
  const phonesBefore = keepPhones
    ? []
    : await deps.db
        .select({ number: customerPhone.number })
        .from(customerPhone)
        .where(eq(customerPhone.customerId, id))
        .orderBy(desc(customerPhone.isPrimary), asc(customerPhone.createdAt));
  await write(deps, ctx, async (tx, audit) => {
    const [row] = await tx
      .update(customer)
      .set({
        name: input.name,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        gender: input.gender ?? null,
        birthday: input.birthday ?? null,
        source: input.source ?? null,
        tags: [...new Set(input.tags)],
        notes: input.notes ?? null,
        ...columns,
        updatedAt: deps.clock(),
      })
      .where(eq(customer.id, id))
      .returning();
    if (!keepPhones && input.phones === undefined) {
      // Only the primary mobile was sent: the other numbers (which the client sees masked and
      // cannot send back) stay; the new primary replaces the old one.
      await tx.delete(customerPhone).where(and(eq(customerPhone.customerId, id), eq(customerPhone.isPrimary, true)));
      const primary = identity.phones[0];
      if (primary) {
        await tx
          .delete(customerPhone)
          .where(and(eq(customerPhone.customerId, id), eq(customerPhone.number, primary.number)));
        await tx
          .insert(customerPhone)
          .values({ ...primary, isPrimary: true, customerId: id, last4: primary.number.slice(-4) });
      }
    } else if (!keepPhones) {
      await tx.delete(customerPhone).where(eq(customerPhone.customerId, id));
      if (identity.phones.length) {
        await tx
          .insert(customerPhone)
          .values(identity.phones.map((p) => ({ ...p, customerId: id, last4: p.number.slice(-4) })));
      }
    }
    audit.record({
      action: 'customer.update',
      entityType: 'customer',
      entityId: id,
      orgPath: before.orgPath,
      summary: `修改客户「${input.name}」(${before.code})`,
      before: {
        ...publicColumns(before),
        idNumber: before.idNumberMasked,
        ...(keepPhones ? {} : { phones: phonesBefore.map((p) => maskMobile(p.number)) }),
      },
      after: row
        ? {
            ...publicColumns(row),
            idNumber: row.idNumberMasked,
            ...(keepPhones ? {} : { phones: identity.phones.map((p) => maskMobile(p.number)) }),
          }
        : null,
    });
  });
  return getCustomer(deps, ctx, id);
}

export async function setCustomerActive(deps: Deps, ctx: AuthedContext, id: string, active: boolean) {
  const before = await customerRow(deps, ctx, id);
  if (active && before.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  await write(deps, ctx, async (tx, audit) => {
    await tx.update(customer).set({ active, updatedAt: deps.clock() }).where(eq(customer.id, id));
    audit.record({
      action: active ? 'customer.enable' : 'customer.disable',
      entityType: 'customer',
      entityId: id,
      orgPath: before.orgPath,
      summary: `${active ? '启用' : '停用'}客户「${before.name}」(${before.code})`,
      before: { active: before.active },
      after: { active },
    });
  });
  return getCustomer(deps, ctx, id);
}

/**
 * Shows one personal field in full (QUALITY.md 17): needs customer.reveal and a reason, and
 * leaves an audit entry naming the field and the reason (never the value).
 */
export async function revealCustomerField(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: { field: 'idNumber' | 'mobile'; reason: string },
) {
  const row = await customerRow(deps, ctx, id);
  if (row.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  let value: string | null = null;
  if (input.field === 'idNumber') {
    value = row.idNumberEncrypted ? deps.secrets.decrypt(row.idNumberEncrypted) : null;
  } else {
    const phones = await deps.db
      .select()
      .from(customerPhone)
      .where(eq(customerPhone.customerId, id))
      .orderBy(desc(customerPhone.isPrimary));
    value = phones[0]?.number ?? null;
  }
  await write(deps, ctx, async (_tx, audit) => {
    audit.record({
      action: 'customer.reveal',
      entityType: 'customer',
      entityId: id,
      orgPath: row.orgPath,
      summary: `查看客户「${row.name}」的完整${input.field === 'idNumber' ? '证件号码' : '手机号码'}：${input.reason}`,
      after: { field: input.field, reason: input.reason },
    });
  });
  return { field: input.field, value };
}

/**
 * Anonymisation on request (QUALITY.md 21): the person's identity is removed for good; the
 * customer row, its code and its room history remain so tickets keep their story.
 */
export async function anonymiseCustomer(deps: Deps, ctx: AuthedContext, id: string) {
  const before = await customerRow(deps, ctx, id);
  if (before.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  const now = deps.clock();
  await write(deps, ctx, async (tx, audit) => {
    await tx
      .update(customer)
      .set({
        name: `已匿名客户 ${before.code}`,
        namePinyin: '',
        nameInitials: '',
        gender: null,
        birthday: null,
        idType: null,
        idNumberEncrypted: null,
        idNumberHash: null,
        idLast6Hash: null,
        idNumberMasked: null,
        notes: null,
        tags: [],
        active: false,
        anonymisedAt: now,
        updatedAt: now,
      })
      .where(eq(customer.id, id));
    await tx.delete(customerPhone).where(eq(customerPhone.customerId, id));
    audit.record({
      action: 'customer.anonymise',
      entityType: 'customer',
      entityId: id,
      orgPath: before.orgPath,
      summary: `按客户要求匿名化客户 ${before.code}`,
    });
  });
  return getCustomer(deps, ctx, id);
}

// ── who lives where ────────────────────────────────────────────────────────

export async function customerOccupancies(deps: Deps, ctx: AuthedContext, id: string) {
  await customerRow(deps, ctx, id);
  return occupanciesOf(deps.db, ctx.actor.scope, [id], false);
}

export async function roomOccupancies(deps: Deps, ctx: AuthedContext, roomId: string) {
  const [r] = await deps.db
    .select({ id: room.id })
    .from(room)
    .where(and(eq(room.id, roomId), scopeByProject(ctx.actor.scope, room.projectId)));
  if (!r) throw new AppError('ROOM_NOT_FOUND');
  const rows = await deps.db
    .select({ occupancy, customerName: customer.name, roomCode: room.code, projectName: project.name })
    .from(occupancy)
    .innerJoin(customer, eq(customer.id, occupancy.customerId))
    .innerJoin(room, eq(room.id, occupancy.roomId))
    .innerJoin(project, eq(project.id, occupancy.projectId))
    .where(eq(occupancy.roomId, roomId))
    .orderBy(desc(occupancy.fromDate), asc(occupancy.role));
  return rows.map(presentOccupancy);
}

type ScopedRoom = { id: string; projectId: string; code: string; companyId: string };

/** Today in Beijing, as YYYY-MM-DD: move dates are calendar days of the projects. */
function beijingToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A move is recorded when it has happened: a future date would show a current occupant who is not there yet. */
function refuseFutureDate(deps: Deps, day: string): void {
  if (day > beijingToday(deps.clock())) throw new AppError('OCCUPANCY_DATE_FUTURE');
}
type MoveInInput = { roomId: string; role: OccupancyRole; fromDate: string; note?: string | null };

/** A room the caller may see, with the company its project belongs to. */
async function roomInScope(deps: Deps, ctx: AuthedContext, roomId: string): Promise<ScopedRoom> {
  const [r] = await deps.db
    .select({ id: room.id, projectId: room.projectId, code: room.code, companyId: project.companyId })
    .from(room)
    .innerJoin(project, eq(project.id, room.projectId))
    .where(and(eq(room.id, roomId), scopeByProject(ctx.actor.scope, room.projectId)));
  if (!r) throw new AppError('ROOM_NOT_FOUND');
  return r;
}

async function openOccupancy(
  tx: Tx,
  audit: AuditRecorder,
  c: Pick<CustomerRow, 'id' | 'name' | 'orgPath'>,
  r: ScopedRoom,
  input: MoveInInput,
) {
  const [row] = await tx
    .insert(occupancy)
    .values({
      customerId: c.id,
      roomId: r.id,
      projectId: r.projectId,
      role: input.role,
      fromDate: input.fromDate,
      note: input.note ?? null,
    })
    .returning();
  if (!row) throw new Error('insert occupancy returned nothing');
  audit.record({
    action: 'occupancy.move_in',
    entityType: 'customer',
    entityId: c.id,
    orgPath: c.orgPath,
    projectId: r.projectId,
    summary: `「${c.name}」以${roleLabels[input.role]['zh-CN']}身份迁入 ${r.code}（${input.fromDate}）`,
    after: row,
  });
  return row;
}

/**
 * 迁入: opens a relation in a room of the customer's own company; the same customer, room and
 * role may not overlap an earlier period.
 */
export async function moveIn(deps: Deps, ctx: AuthedContext, customerId: string, input: MoveInInput) {
  const c = await customerRow(deps, ctx, customerId);
  if (c.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  if (!c.active) throw new AppError('CUSTOMER_DISABLED');
  refuseFutureDate(deps, input.fromDate);
  const r = await roomInScope(deps, ctx, input.roomId);
  // A room of another company would carry the customer across the tenant boundary.
  if (r.companyId !== c.companyId) throw new AppError('OCCUPANCY_COMPANY_MISMATCH');
  const overlapping = await deps.db
    .select()
    .from(occupancy)
    .where(
      and(
        eq(occupancy.customerId, customerId),
        eq(occupancy.roomId, r.id),
        eq(occupancy.role, input.role),
        or(isNull(occupancy.toDate), sql`${occupancy.toDate} >= ${input.fromDate}`),
      ),
    );
  if (overlapping[0]) {
    throw new AppError('OCCUPANCY_OVERLAP', {
      role: roleLabels[input.role][ctx.locale],
      from: overlapping[0].fromDate,
    });
  }
  const id = await write(deps, ctx, async (tx, audit) => (await openOccupancy(tx, audit, c, r, input)).id);
  return (await customerOccupancies(deps, ctx, customerId)).find((o) => o.id === id);
}

/** 迁出: closes a relation on a date; the row stays as history. */
export async function moveOut(
  deps: Deps,
  ctx: AuthedContext,
  occupancyId: string,
  input: { toDate: string; note?: string | null },
) {
  const [o] = await deps.db
    .select({ occupancy, roomCode: room.code })
    .from(occupancy)
    .innerJoin(room, eq(room.id, occupancy.roomId))
    .where(and(eq(occupancy.id, occupancyId), scopeByProject(ctx.actor.scope, occupancy.projectId)));
  if (!o) throw new AppError('OCCUPANCY_NOT_FOUND');
  if (o.occupancy.toDate !== null) throw new AppError('OCCUPANCY_ENDED');
  if (input.toDate < o.occupancy.fromDate) throw new AppError('OCCUPANCY_DATES_INVALID');
  refuseFutureDate(deps, input.toDate);
  const c = await customerRow(deps, ctx, o.occupancy.customerId);
  await write(deps, ctx, async (tx, audit) => {
    await tx
      .update(occupancy)
      .set({
        toDate: input.toDate,
        endedAt: deps.clock(),
        note: input.note ? [o.occupancy.note, input.note].filter(Boolean).join('；') : o.occupancy.note,
      })
      .where(eq(occupancy.id, occupancyId));
    audit.record({
      action: 'occupancy.move_out',
      entityType: 'customer',
      entityId: c.id,
      orgPath: c.orgPath,
      projectId: o.occupancy.projectId,
      summary: `「${c.name}」从 ${o.roomCode} 迁出（${input.toDate}）`,
      before: o.occupancy,
      after: { toDate: input.toDate },
    });
  });
  return (await customerOccupancies(deps, ctx, c.id)).find((x) => x.id === occupancyId);
}

/**
 * 过户: in one transaction, ends every current owner relation of the room on the date and opens
 * an owner relation from that date for each new owner. Tenants and residents stay as they are.
 */
export async function transferRoom(
  deps: Deps,
  ctx: AuthedContext,
  roomId: string,
  input: { toCustomerIds: string[]; date: string; note?: string | null },
) {
  const r = await roomInScope(deps, ctx, roomId);
  refuseFutureDate(deps, input.date);
  const newIds = [...new Set(input.toCustomerIds)];
  const newOwners: CustomerRow[] = [];
  for (const id of newIds) {
    const c = await customerRow(deps, ctx, id);
    if (c.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
    if (!c.active) throw new AppError('CUSTOMER_DISABLED');
    // An owner of another company would carry the room across the tenant boundary.
    if (c.companyId !== r.companyId) throw new AppError('OCCUPANCY_COMPANY_MISMATCH');
    newOwners.push(c);
  }
  await write(deps, ctx, async (tx, audit) => {
    // Read under lock, so two transfers of the same room cannot both close the same owners.
    const current = await tx
      .select({ occupancy, customerName: customer.name, orgPath: customer.orgPath })
      .from(occupancy)
      .innerJoin(customer, eq(customer.id, occupancy.customerId))
      .where(and(eq(occupancy.roomId, r.id), eq(occupancy.role, 'owner'), isNull(occupancy.toDate)))
      .orderBy(asc(occupancy.fromDate))
      .for('update', { of: occupancy });
    if (current.length === 0) throw new AppError('TRANSFER_NO_OWNER');
    const currentIds = new Set(current.map((o) => o.occupancy.customerId));
    if (currentIds.size === newIds.length && newIds.every((id) => currentIds.has(id))) {
      throw new AppError('TRANSFER_SAME_OWNER');
    }
    if (current.some((o) => input.date < o.occupancy.fromDate)) throw new AppError('OCCUPANCY_DATES_INVALID');
    // A new owner who owned the room before may not overlap that earlier period.
    const earlier = await tx
      .select()
      .from(occupancy)
      .where(
        and(
          inArray(occupancy.customerId, newIds),
          eq(occupancy.roomId, r.id),
          eq(occupancy.role, 'owner'),
          sql`${occupancy.toDate} >= ${input.date}`,
        ),
      );
    if (earlier[0]) {
      throw new AppError('OCCUPANCY_OVERLAP', { role: roleLabels.owner[ctx.locale], from: earlier[0].fromDate });
    }
    const fromNames = current.map((o) => `「${o.customerName}」`).join('、');
    const toNames = newOwners.map((c) => `「${c.name}」`).join('、');
    for (const o of current) {
      const note = input.note ? [o.occupancy.note, input.note].filter(Boolean).join('；') : o.occupancy.note;
      await tx
        .update(occupancy)
        .set({ toDate: input.date, endedAt: deps.clock(), note })
        .where(eq(occupancy.id, o.occupancy.id));
      audit.record({
        action: 'occupancy.transfer_out',
        entityType: 'customer',
        entityId: o.occupancy.customerId,
        orgPath: o.orgPath,
        projectId: r.projectId,
        summary: `${r.code} 过户：「${o.customerName}」不再是业主（${input.date}），新业主 ${toNames}`,
        before: o.occupancy,
        after: { toDate: input.date, toCustomerIds: newIds },
      });
    }
    for (const c of newOwners) {
      const [row] = await tx
        .insert(occupancy)
        .values({
          customerId: c.id,
          roomId: r.id,
          projectId: r.projectId,
          role: 'owner',
          fromDate: input.date,
          note: input.note ?? null,
        })
        .returning();
      audit.record({
        action: 'occupancy.transfer_in',
        entityType: 'customer',
        entityId: c.id,
        orgPath: c.orgPath,
        projectId: r.projectId,
        summary: `${r.code} 过户：「${c.name}」成为业主（${input.date}），原业主 ${fromNames}`,
        before: { fromCustomerIds: [...currentIds] },
        after: row,
      });
    }
  });
  return roomOccupancies(deps, ctx, r.id);
}
