import { and, asc, count, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { checkUscc, idProblemMessages, normaliseIdNumber } from '../../platform/identity.js';
import { escapeLike } from '../../platform/like.js';
import type { Locale } from '../../platform/locale.js';
import { normaliseMobile } from '../../platform/phone.js';
import { scopeCoversPath, scopeRows } from '../../platform/scope.js';
import { nameKeys } from '../customer/customer.names.js';
import { organization } from '../org/org.table.js';
import { scopeByProject } from '../project/project.scope.js';
import { type ContractorRow, contractorRow, contractorVisible, present } from './contractor.repository.js';
import type { ContractorDto, ContractorFilter, ContractorInput, ContractorUpdateInput } from './contractor.schema.js';
import { contractor, contractorScope } from './contractor.table.js';
import { refuseOverlaps } from './contractor-scope.service.js';

// ── finding ────────────────────────────────────────────────────────────────

/** Contractors are few per company: pinyin keys are computed on the fly rather than stored. */
const PINYIN_SEARCH_LIMIT = 5000;

/**
 * The search box: part of the name (中建, 东方雨虹), its pinyin initials or pinyin (zjbj,
 * dongfang), the code, the credit code, the contact's name or digits of their mobile or phone.
 */
async function searchCondition(deps: Deps, ctx: AuthedContext, q: string): Promise<SQL | undefined> {
  const compact = q.replace(/\s/g, '');
  const like = `%${escapeLike(compact)}%`;
  const conditions: (SQL | undefined)[] = [
    ilike(contractor.name, like),
    ilike(contractor.code, like),
    ilike(contractor.contactName, like),
    ilike(contractor.uscc, `${escapeLike(compact.toUpperCase())}%`),
  ];
  if (/^\d{3,11}$/.test(compact)) {
    conditions.push(ilike(contractor.contactMobile, like), ilike(sql`replace(${contractor.phone}, '-', '')`, like));
  }
  if (/^[a-zA-Z]+$/.test(compact)) {
    const lower = compact.toLowerCase();
    const candidates = await deps.db
      .select({ id: contractor.id, name: contractor.name })
      .from(contractor)
      .where(contractorVisible(ctx.actor.scope))
      .limit(PINYIN_SEARCH_LIMIT);
    const ids = candidates
      .filter((c) => {
        const keys = nameKeys(c.name);
        return keys.initials.includes(lower) || keys.pinyin.includes(lower);
      })
      .map((c) => c.id);
    if (ids.length > 0) conditions.push(inArray(contractor.id, ids));
  }
  return or(...conditions);
}

async function conditions(deps: Deps, ctx: AuthedContext, f: ContractorFilter): Promise<SQL | undefined> {
  const scope = ctx.actor.scope;
  const list: (SQL | undefined)[] = [contractorVisible(scope)];
  if (f.q) list.push(await searchCondition(deps, ctx, f.q));
  if (f.companyId) list.push(eq(contractor.companyId, f.companyId));
  if (f.active) list.push(eq(contractor.active, f.active === 'true'));
  const scopeHas = (condition: SQL) =>
    sql`exists (select 1 from ${contractorScope} where ${contractorScope.contractorId} = ${contractor.id} and ${condition} and ${scopeByProject(scope, contractorScope.projectId) ?? sql`true`})`;
  if (f.projectId) list.push(scopeHas(eq(contractorScope.projectId, f.projectId)));
  if (f.trade) list.push(scopeHas(eq(contractorScope.trade, f.trade)));
  return and(...list);
}

// Company by company (in the order of their codes), then by the contractor's code.
const order = [
  asc(sql`(select ${organization.code} from ${organization} where ${organization.id} = ${contractor.companyId})`),
  asc(contractor.code),
];

export async function listContractors(
  deps: Deps,
  ctx: AuthedContext,
  q: ContractorFilter & { current: number; pageSize: number },
) {
  const where = await conditions(deps, ctx, q);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(contractor)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(contractor).where(where),
  ]);
  const data = (await present(deps.db, ctx, rows)).map(({ scopes: _s, ...dto }) => dto);
  return { data, total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

/** The contractors of an export, each with its scopes (for the scope column). */
export async function exportContractors(deps: Deps, ctx: AuthedContext, f: ContractorFilter, limit: number) {
  const rows = await deps.db
    .select()
    .from(contractor)
    .where(await conditions(deps, ctx, f))
    .orderBy(...order)
    .limit(limit);
  return present(deps.db, ctx, rows);
}

export async function getContractor(deps: Deps, ctx: AuthedContext, id: string): Promise<ContractorDto> {
  const [dto] = await present(deps.db, ctx, [await contractorRow(deps, ctx, id)]);
  if (!dto) throw new AppError('CONTRACTOR_NOT_FOUND');
  const { scopes: _s, ...rest } = dto;
  return rest;
}

// ── writing ────────────────────────────────────────────────────────────────

const fieldLabels: Record<string, Record<Locale, string>> = {
  uscc: { 'zh-CN': '统一社会信用代码', 'en-US': 'Social credit code' },
  contactMobile: { 'zh-CN': '联系人手机', 'en-US': 'Contact mobile' },
  phone: { 'zh-CN': '联系电话', 'en-US': 'Phone' },
};

/** 422 IDENTIFIER_INVALID naming the field, with the reason in the caller's language. */
function invalid(ctx: AuthedContext, field: string, reason: string): AppError {
  const label = fieldLabels[field]?.[ctx.locale] ?? field;
  return new AppError('IDENTIFIER_INVALID', { label, reason }, { errors: [{ field, in: 'body', message: reason }] });
}

/** A landline, hotline or mobile as printed on a business card: 021-5888-1200, 400-820-0000 转 3, 95598. */
const PHONE_PATTERN = /^\+?[\d\s\-()（）]{3,30}((转|ext\.?|#)\s*\d{1,6})?$/i;

interface CleanContact {
  uscc: string | null;
  contactName: string | null;
  contactMobile: string | null;
  phone: string | null;
  notes: string | null;
}

function clean(ctx: AuthedContext, input: ContractorUpdateInput | ContractorInput): CleanContact {
  const zh = ctx.locale === 'zh-CN';
  const uscc = input.uscc ? normaliseIdNumber(input.uscc) : null;
  if (uscc) {
    const problem = checkUscc(uscc);
    if (problem) throw invalid(ctx, 'uscc', idProblemMessages[problem][ctx.locale]);
  }
  let contactMobile: string | null = null;
  if (input.contactMobile) {
    contactMobile = normaliseMobile(input.contactMobile);
    if (!contactMobile) {
      throw invalid(
        ctx,
        'contactMobile',
        zh ? `“${input.contactMobile}”不是有效的手机号码` : `"${input.contactMobile}" is not a valid mobile number`,
      );
    }
  }
  const phone = input.phone || null;
  if (phone && (!PHONE_PATTERN.test(phone) || (phone.match(/\d/g)?.length ?? 0) < 3)) {
    throw invalid(
      ctx,
      'phone',
      zh
        ? `“${phone}”不是有效的电话号码，例如 021-5888-1200`
        : `"${phone}" is not a phone number such as 021-5888-1200`,
    );
  }
  return { uscc, contactName: input.contactName || null, contactMobile, phone, notes: input.notes || null };
}

/**
 * The company of a new contractor: the one named, which the caller's scope must cover, or the
 * only company in reach. Contractors are company master data: a scope limited to projects or a
 * project office does not reach a company.
 */
async function companyFor(deps: Deps, ctx: AuthedContext, companyId?: string) {
  const scope = ctx.actor.scope;
  if (!companyId) {
    const companies = await deps.db
      .select({ id: organization.id })
      .from(organization)
      .where(and(eq(organization.kind, 'company'), scopeRows(scope, { path: organization.path })));
    if (companies.length !== 1) {
      throw new AppError(
        'CONTRACTOR_COMPANY_REQUIRED',
        {},
        { errors: [{ field: 'companyId', in: 'body', message: ctx.locale === 'zh-CN' ? '请选择公司' : 'Required' }] },
      );
    }
    companyId = companies[0]?.id as string;
  }
  const [company] = await deps.db
    .select()
    .from(organization)
    .where(and(eq(organization.id, companyId), eq(organization.kind, 'company')));
  if (!company || !scopeCoversPath(scope, company.path)) throw new AppError('ORG_NOT_FOUND');
  return company;
}

/** The company's next free automatic code: CJS0001, CJS0002, … */
async function nextCode(tx: DbOrTx, companyId: string): Promise<string> {
  const rows = await tx
    .select({ code: contractor.code })
    .from(contractor)
    .where(and(eq(contractor.companyId, companyId), sql`${contractor.code} ~ '^CJS[0-9]+$'`));
  const max = rows.reduce((m, r) => Math.max(m, Number(r.code.slice(3))), 0);
  return `CJS${String(max + 1).padStart(4, '0')}`;
}

/** Refuses a code, name or credit code another contractor of the company already has (409). */
async function refuseDuplicates(
  tx: Tx,
  companyId: string,
  values: { code: string; name: string; uscc: string | null },
  exceptId?: string,
): Promise<void> {
  const others = await tx
    .select({ code: contractor.code, name: contractor.name, uscc: contractor.uscc })
    .from(contractor)
    .where(
      and(
        eq(contractor.companyId, companyId),
        exceptId ? ne(contractor.id, exceptId) : undefined,
        or(
          eq(contractor.code, values.code),
          sql`lower(${contractor.name}) = lower(${values.name})`,
          values.uscc ? eq(contractor.uscc, values.uscc) : undefined,
        ),
      ),
    );
  for (const other of others) {
    if (other.code === values.code) throw new AppError('CODE_TAKEN', { code: values.code });
    if (values.uscc && other.uscc === values.uscc) {
      throw new AppError('CONTRACTOR_USCC_TAKEN', { uscc: values.uscc, name: other.name });
    }
    throw new AppError('CONTRACTOR_NAME_TAKEN', { name: other.name, code: other.code });
  }
}

/** Master data is changed by those whose scope covers the contractor's company (else 403, naming it). */
async function requireEditable(deps: Deps, ctx: AuthedContext, row: ContractorRow): Promise<void> {
  if (scopeCoversPath(ctx.actor.scope, row.orgPath)) return;
  const [company] = await deps.db
    .select({ name: organization.name })
    .from(organization)
    .where(eq(organization.id, row.companyId));
  throw new AppError('CONTRACTOR_COMPANY_SCOPE', { name: row.name, company: company?.name ?? '' });
}

export async function createContractor(deps: Deps, ctx: AuthedContext, input: ContractorInput): Promise<ContractorDto> {
  const contact = clean(ctx, input);
  const company = await companyFor(deps, ctx, input.companyId);
  const id = await write(deps, ctx, async (tx, audit) => {
    // One company's automatic codes are handed out one at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contractor:${company.id}`}))`);
    const code = input.code ?? (await nextCode(tx, company.id));
    await refuseDuplicates(tx, company.id, { code, name: input.name, uscc: contact.uscc });
    const [row] = await tx
      .insert(contractor)
      .values({ companyId: company.id, orgPath: company.path, code, name: input.name, ...contact })
      .returning();
    if (!row) throw new Error('insert contractor returned nothing');
    audit.record({
      action: 'contractor.create',
      entityType: 'contractor',
      entityId: row.id,
      orgPath: row.orgPath,
      summary: `新建承建商「${row.name}」(${row.code})`,
      after: row,
    });
    return row.id;
  });
  return getContractor(deps, ctx, id);
}

export async function updateContractor(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  input: ContractorUpdateInput,
): Promise<ContractorDto> {
  const before = await contractorRow(deps, ctx, id);
  await requireEditable(deps, ctx, before);
  const contact = clean(ctx, input);
  await write(deps, ctx, async (tx, audit) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contractor:${before.companyId}`}))`);
    await refuseDuplicates(tx, before.companyId, { code: input.code, name: input.name, uscc: contact.uscc }, id);
    const [row] = await tx
      .update(contractor)
      .set({ code: input.code, name: input.name, ...contact, updatedAt: deps.clock() })
      .where(eq(contractor.id, id))
      .returning();
    audit.record({
      action: 'contractor.update',
      entityType: 'contractor',
      entityId: id,
      orgPath: before.orgPath,
      summary: `修改承建商「${input.name}」(${input.code})`,
      before,
      after: row,
    });
  });
  return getContractor(deps, ctx, id);
}

/**
 * Disabling takes the contractor out of the warranty lookup: its scopes no longer answer, and
 * another contractor may take them over. Enabling it again is refused while one of its scopes
 * is held by another active contractor.
 */
export async function setContractorActive(
  deps: Deps,
  ctx: AuthedContext,
  id: string,
  active: boolean,
): Promise<ContractorDto> {
  const before = await contractorRow(deps, ctx, id);
  await requireEditable(deps, ctx, before);
  if (before.active !== active) {
    await write(deps, ctx, async (tx, audit) => {
      if (active) {
        const scopes = await tx.select().from(contractorScope).where(eq(contractorScope.contractorId, id));
        await refuseOverlaps(tx, ctx, before, scopes, { othersOnly: true });
      }
      await tx.update(contractor).set({ active, updatedAt: deps.clock() }).where(eq(contractor.id, id));
      audit.record({
        action: active ? 'contractor.enable' : 'contractor.disable',
        entityType: 'contractor',
        entityId: id,
        orgPath: before.orgPath,
        summary: `${active ? '启用' : '停用'}承建商「${before.name}」(${before.code})`,
        before: { active: before.active },
        after: { active },
      });
    });
  }
  return getContractor(deps, ctx, id);
}
