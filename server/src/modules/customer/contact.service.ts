// 家庭成员与紧急联系人: people related to a customer, their mobiles masked unless revealed.
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskMobile } from '../../platform/mask.js';
import { normaliseMobile } from '../../platform/phone.js';
import { dictionary, dictionaryItem } from '../dictionary/dictionary.table.js';
import { customerRow } from './customer.repository.js';
import { invalid } from './customer.service.js';
import { customerContact } from './customer.table.js';
import { RELATION_DICTIONARY, refuseOverLimit, requireDictionaryCode, writableCustomer } from './profile.common.js';
import type { ContactInput } from './profile.schema.js';

type ContactRow = typeof customerContact.$inferSelect;

/** At most this many contacts per customer: a household and a few people to call, not a phone book. */
export const MAX_CONTACTS = 20;

const kindNames = { family: '家庭成员', emergency: '紧急联系人' } as const;

function present(row: ContactRow) {
  return {
    id: row.id,
    customerId: row.customerId,
    kind: row.kind,
    name: row.name,
    relation: row.relation,
    mobile: row.mobile ? maskMobile(row.mobile) : null,
    gender: row.gender,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The image an audit entry keeps: the mobile masked. */
function auditImage(row: ContactRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    relation: row.relation,
    mobile: row.mobile ? maskMobile(row.mobile) : null,
    gender: row.gender,
    notes: row.notes,
  };
}

/**
 * Family members first, then emergency contacts; within each, closest relation first (the order
 * of the relation dictionary: spouse, children, parents …), then in the order they were added.
 */
export async function listContacts(deps: Deps, ctx: AuthedContext, customerId: string) {
  await customerRow(deps, ctx, customerId);
  const rows = await deps.db
    .select({ contact: customerContact })
    .from(customerContact)
    .leftJoin(dictionary, eq(dictionary.code, RELATION_DICTIONARY))
    .leftJoin(
      dictionaryItem,
      and(eq(dictionaryItem.dictionaryId, dictionary.id), eq(dictionaryItem.code, customerContact.relation)),
    )
    .where(eq(customerContact.customerId, customerId))
    .orderBy(
      // 'family' sorts after 'emergency': descending puts the household first.
      desc(customerContact.kind),
      sql`${dictionaryItem.sortOrder} asc nulls last`,
      asc(customerContact.createdAt),
      asc(customerContact.id),
    );
  return rows.map((r) => present(r.contact));
}

async function contactOf(deps: Deps, customerId: string, contactId: string): Promise<ContactRow> {
  const [row] = await deps.db
    .select()
    .from(customerContact)
    .where(and(eq(customerContact.id, contactId), eq(customerContact.customerId, customerId)));
  if (!row) throw new AppError('CONTACT_NOT_FOUND');
  return row;
}

/**
 * The mobile to store: normalised (+86, spaces and hyphens allowed), else 422 naming mobile.
 * On an update, an omitted mobile keeps the stored one (the client only ever saw it masked).
 */
function cleanMobile(ctx: AuthedContext, input: ContactInput, before?: ContactRow): string | null {
  const zh = ctx.locale === 'zh-CN';
  let mobile: string | null;
  if (input.mobile === undefined) mobile = before?.mobile ?? null;
  else if (input.mobile === null || input.mobile === '') mobile = null;
  else {
    mobile = normaliseMobile(input.mobile);
    if (!mobile) {
      throw invalid(
        ctx,
        'mobile',
        zh ? `“${input.mobile}”不是有效的手机号码` : `"${input.mobile}" is not a valid mobile number`,
      );
    }
  }
  if (input.kind === 'emergency' && !mobile) {
    throw invalid(ctx, 'mobile', zh ? '紧急联系人必须填写手机号码' : 'an emergency contact needs a mobile number');
  }
  return mobile;
}

export async function createContact(deps: Deps, ctx: AuthedContext, customerId: string, input: ContactInput) {
  const c = await writableCustomer(deps, ctx, customerId);
  const mobile = cleanMobile(ctx, input);
  await requireDictionaryCode(deps, ctx, 'relation', RELATION_DICTIONARY, input.relation);
  const [existing] = await deps.db
    .select({ n: count() })
    .from(customerContact)
    .where(eq(customerContact.customerId, customerId));
  refuseOverLimit(ctx, existing?.n ?? 0, MAX_CONTACTS, { 'zh-CN': '联系人', 'en-US': 'contacts' });
  const row = await write(deps, ctx, async (tx, audit) => {
    const [inserted] = await tx
      .insert(customerContact)
      .values({
        customerId,
        kind: input.kind,
        name: input.name,
        relation: input.relation,
        mobile,
        gender: input.gender ?? null,
        notes: input.notes || null,
      })
      .returning();
    if (!inserted) throw new Error('insert contact returned nothing');
    audit.record({
      action: 'customer.contact_create',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 新增${kindNames[input.kind]}「${inserted.name}」`,
      after: auditImage(inserted),
    });
    return inserted;
  });
  return present(row);
}

export async function updateContact(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  contactId: string,
  input: ContactInput,
) {
  const c = await writableCustomer(deps, ctx, customerId);
  const before = await contactOf(deps, customerId, contactId);
  const mobile = cleanMobile(ctx, input, before);
  await requireDictionaryCode(deps, ctx, 'relation', RELATION_DICTIONARY, input.relation, before.relation);
  const row = await write(deps, ctx, async (tx, audit) => {
    const [updated] = await tx
      .update(customerContact)
      .set({
        kind: input.kind,
        name: input.name,
        relation: input.relation,
        mobile,
        gender: input.gender ?? null,
        notes: input.notes || null,
        updatedAt: deps.clock(),
      })
      .where(eq(customerContact.id, contactId))
      .returning();
    if (!updated) throw new AppError('CONTACT_NOT_FOUND');
    audit.record({
      action: 'customer.contact_update',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 修改${kindNames[updated.kind]}「${updated.name}」`,
      before: auditImage(before),
      after: auditImage(updated),
    });
    return updated;
  });
  return present(row);
}

export async function deleteContact(deps: Deps, ctx: AuthedContext, customerId: string, contactId: string) {
  const c = await writableCustomer(deps, ctx, customerId);
  const before = await contactOf(deps, customerId, contactId);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(customerContact).where(eq(customerContact.id, contactId));
    audit.record({
      action: 'customer.contact_delete',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 删除${kindNames[before.kind]}「${before.name}」`,
      before: auditImage(before),
    });
  });
}

/**
 * A contact's full mobile, to call them (QUALITY.md 17): needs customer.reveal and a reason, and
 * leaves an audit entry naming the contact and the reason, never the number.
 */
export async function revealContactMobile(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  contactId: string,
  input: { reason: string },
) {
  const c = await writableCustomer(deps, ctx, customerId);
  const contact = await contactOf(deps, customerId, contactId);
  await write(deps, ctx, async (_tx, audit) => {
    audit.record({
      action: 'customer.contact_reveal',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `查看客户「${c.name}」的${kindNames[contact.kind]}「${contact.name}」的完整手机号码：${input.reason}`,
      after: { contactId, field: 'mobile', reason: input.reason },
    });
  });
  return { field: 'mobile' as const, value: contact.mobile };
}
