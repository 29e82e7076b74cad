import { and, asc, count, desc, eq, ilike, inArray, isNull, like, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { type IdType, idProblemMessages, normaliseIdNumber, readIdentity } from '../../platform/identity.js';
import { escapeLike } from '../../platform/like.js';
import { maskIdNumber, maskMobile } from '../../platform/mask.js';
import { cappedCount } from '../../platform/paging.js';
import { normaliseMobile } from '../../platform/phone.js';
import { type DataScope, scopeCompanies, scopeCoversPath, scopeRows } from '../../platform/scope.js';
import { organization } from '../org/org.table.js';
import { scopeByProject } from '../project/project.scope.js';
import { room } from '../property/property.table.js';
import { nameKeys } from './customer.names.js';
import { type CustomerRow, customerRow, customerScope, type Locale, present } from './customer.repository.js';
import type { CustomerDto, CustomerInput } from './customer.schema.js';
import { customer, customerBankAccount, customerContact, customerPhone, occupancy } from './customer.table.js';
import { openOccupancy, refuseFutureDate, roomInScope, type ScopedRoom } from './occupancy.service.js';

// ── finding ────────────────────────────────────────────────────────────────

export interface CustomerFilter {
  q?: string;
  kind?: 'person' | 'organisation';
  projectId?: string;
  active?: 'true' | 'false';
  tag?: string;
}

/** The pieces of a search term the name index holds: itself when one or two characters, else its pairs. */
export function searchGrams(term: string): string[] {
  const t = term.toLowerCase();
  const chars = [...t];
  if (chars.length <= 2) return [t];
  const pairs = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) pairs.add(`${chars[i]}${chars[i + 1]}`);
  return [...pairs];
}

/**
 * The one search box: a name or part of it (张三, 三丰), pinyin initials or full pinyin (zsf,
 * zhangsan), a mobile number or its last four digits, a room number or code (1201, 3-2-1201),
 * or the last six characters of an ID number.
 *
 * Each reading of the term is a lookup on its own index — the name's one- and two-character
 * pieces (GIN on `name_grams`), the pinyin prefixes, the phone number or its last four, the room
 * number or code prefix, the keyed hash of the ID's last six — and the customer must be among
 * their union: the cost follows the matches, not the table (a million customers).
 */
function searchCondition(deps: Deps, scope: DataScope, q: string): SQL | undefined {
  const branches: SQL[] = [];
  const ids = (query: { getSQL(): SQL }) => branches.push(query.getSQL());
  const compact = q.replace(/\s/g, '');
  // Two letters of initials or a surname's characters match thousands of a million customers:
  // asked per company (the scope's), the lookups read only those that can be shown.
  const companies = scopeCompanies(scope);
  const inCompanies = companies ? inArray(customer.companyId, companies) : undefined;
  const byName = () => {
    const grams = searchGrams(compact);
    const pieces = sql`array[${sql.join(
      grams.map((g) => sql`${g}`),
      sql`, `,
    )}]::text[]`;
    const contains = sql`${customer.nameGrams} @> ${pieces}`;
    ids(
      deps.db
        .select({ id: customer.id })
        .from(customer)
        .where(
          and(
            inCompanies,
            contains,
            [...compact].length > 2 ? ilike(customer.name, `%${escapeLike(compact)}%`) : undefined,
          ),
        ),
    );
  };
  const byPhone = (condition: SQL) =>
    ids(deps.db.select({ id: customerPhone.customerId }).from(customerPhone).where(condition));
  if (/[\u4e00-\u9fff]/.test(compact)) byName();
  if (/^[a-zA-Z]+$/.test(compact)) {
    const lower = escapeLike(compact.toLowerCase());
    ids(
      deps.db
        .select({ id: customer.id })
        .from(customer)
        .where(and(inCompanies, like(customer.nameInitials, `${lower}%`))),
    );
    ids(
      deps.db
        .select({ id: customer.id })
        .from(customer)
        .where(and(inCompanies, like(customer.namePinyin, `${lower}%`))),
    );
    byName();
  }
  const mobile = normaliseMobile(compact);
  if (mobile) byPhone(eq(customerPhone.number, mobile));
  if (/^\d{4}$/.test(compact)) byPhone(eq(customerPhone.last4, compact));
  if (/^[0-9A-Za-z]{1,10}(-[0-9A-Za-z]{1,10}){0,2}$/.test(compact)) {
    const upper = compact.toUpperCase();
    ids(
      deps.db
        .select({ id: occupancy.customerId })
        .from(occupancy)
        .innerJoin(room, eq(room.id, occupancy.roomId))
        .where(
          and(
            isNull(occupancy.toDate),
            scopeByProject(scope, occupancy.projectId),
            compact.includes('-') ? like(room.code, `${escapeLike(upper)}%`) : eq(room.number, upper),
          ),
        ),
    );
  }
  if (/^[0-9Xx]{6}$/.test(compact)) {
    ids(
      deps.db
        .select({ id: customer.id })
        .from(customer)
        .where(eq(customer.idLast6Hash, deps.secrets.hash(compact.toUpperCase()))),
    );
  }
  // Anything else (punctuation, a stray digit or two): part of the name, read row by row.
  if (branches.length === 0) return ilike(customer.name, `%${escapeLike(compact)}%`);
  return sql`${customer.id} in (${sql.join(branches, sql` union all `)})`;
}

function conditions(deps: Deps, ctx: AuthedContext, f: CustomerFilter): SQL | undefined {
  const list: (SQL | undefined)[] = [customerScope(ctx)];
  if (f.q) list.push(searchCondition(deps, ctx.actor.scope, f.q));
  if (f.kind) list.push(eq(customer.kind, f.kind));
  if (f.tag) list.push(sql`${customer.tags} @> array[${f.tag}]::text[]`);
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
  const [rows, counted] = await Promise.all([
    deps.db
      .select()
      .from(customer)
      .where(where)
      .orderBy(desc(customer.createdAt), asc(customer.code))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    cappedCount(deps.db, customer, where),
  ]);
  return {
    data: await present(deps.db, ctx.actor.scope, rows),
    ...counted,
    current: q.current,
    pageSize: q.pageSize,
  };
}

/** How many customers an export with these filters would hold. */
export async function countCustomers(deps: Deps, ctx: AuthedContext, f: CustomerFilter): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(customer)
    .where(conditions(deps, ctx, f));
  return row?.n ?? 0;
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
  accountNumber: { 'zh-CN': '银行账号', 'en-US': 'Account number' },
  relation: { 'zh-CN': '关系', 'en-US': 'Relation' },
  category: { 'zh-CN': '事件类别', 'en-US': 'Event category' },
  roomId: { 'zh-CN': '房间', 'en-US': 'Room' },
};

export function fieldLabel(ctx: AuthedContext, field: string): string {
  return fieldLabels[field]?.[ctx.locale] ?? field;
}

/** 422 IDENTIFIER_INVALID naming the field of the body, with the reason in the caller's language. */
export function invalid(ctx: AuthedContext, field: string, reason: string): AppError {
  const label = fieldLabel(ctx, field);
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
  const idNumber = input.idNumber ? normaliseIdNumber(input.idNumber) : null;
  if (input.idType && !idNumber) throw invalid(ctx, 'idNumber', zh ? '请填写证件号码' : 'enter the ID number');
  const { idType, problem } = readIdentity(input.kind, input.idType ?? null, idNumber, today);
  if (problem?.field === 'idType') {
    throw invalid(ctx, 'idType', zh ? '个人客户不能使用统一社会信用代码' : 'a person cannot have a social credit code');
  }
  if (problem) throw invalid(ctx, 'idNumber', idProblemMessages[problem.problem][ctx.locale]);
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

/**
 * The stored forms of an ID number: encrypted, its keyed hash, the keyed hash of its last six
 * characters and the masked copy (also used by the scale data generator).
 */
export function identityColumns(deps: Pick<Deps, 'secrets'>, identity: Pick<CleanIdentity, 'idType' | 'idNumber'>) {
  const n = identity.idNumber;
  return {
    idType: identity.idType,
    idNumberEncrypted: n ? deps.secrets.encrypt(n) : null,
    idNumberHash: n ? deps.secrets.hash(n) : null,
    idLast6Hash: n ? deps.secrets.hash(n.slice(-6)) : null,
    idNumberMasked: n ? (n.length > 10 ? maskIdNumber(n) : `${n.slice(0, 2)}****`) : null,
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

/** The company's next customer code (KH000123). */
export async function nextCode(tx: DbOrTx, companyId: string): Promise<string> {
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
  // Where the company says so, a name changes only through an approved rename request (更名).
  if (input.name !== before.name && (await deps.parameters.get('customer.rename_requires_approval'))) {
    throw fieldError('CUSTOMER_RENAME_REQUIRES_APPROVAL', ctx.locale, 'name');
  }
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
    // The people around the customer lose their identity too; the rows keep only the relation.
    const contacts = await tx
      .update(customerContact)
      .set({ name: '已匿名', mobile: null, gender: null, notes: null, updatedAt: now })
      .where(eq(customerContact.customerId, id))
      .returning({ id: customerContact.id });
    const accounts = await tx
      .delete(customerBankAccount)
      .where(eq(customerBankAccount.customerId, id))
      .returning({ id: customerBankAccount.id });
    audit.record({
      action: 'customer.anonymise',
      entityType: 'customer',
      entityId: id,
      orgPath: before.orgPath,
      summary: `按客户要求匿名化客户 ${before.code}`,
      after: { contactsAnonymised: contacts.length, bankAccountsDeleted: accounts.length },
    });
  });
  return getCustomer(deps, ctx, id);
}
