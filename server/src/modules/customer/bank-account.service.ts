// 银行账户 for collection by direct debit (银行托收): the number encrypted at rest with a keyed
// hash for the duplicate check and a masked form for display; exactly one primary account.
import { and, asc, count, desc, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { maskBankAccount } from '../../platform/mask.js';
import { customerRow } from './customer.repository.js';
import { invalid } from './customer.service.js';
import { customerBankAccount } from './customer.table.js';
import { refuseOverLimit, writableCustomer } from './profile.common.js';
import type { BankAccountInput } from './profile.schema.js';

type BankAccountRow = typeof customerBankAccount.$inferSelect;

/** At most this many accounts per customer. */
export const MAX_BANK_ACCOUNTS = 10;

/**
 * A bank account number as typed or pasted ("6222 0210 0112 3456 789"): the digits, 8 to 30 of
 * them (personal cards have 16–19, company accounts up to about 25). Null when it is not one.
 */
export function normaliseAccountNumber(input: string): string | null {
  const digits = input.replace(/\s/g, '');
  return /^\d{8,30}$/.test(digits) ? digits : null;
}

function present(row: BankAccountRow) {
  return {
    id: row.id,
    customerId: row.customerId,
    bankName: row.bankName,
    branch: row.branch,
    accountName: row.accountName,
    accountNumber: row.accountNumberMasked,
    isPrimary: row.isPrimary,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The image an audit entry keeps: the masked number, never the ciphertext or the hash. */
function auditImage(row: BankAccountRow) {
  return {
    id: row.id,
    bankName: row.bankName,
    branch: row.branch,
    accountName: row.accountName,
    accountNumber: row.accountNumberMasked,
    isPrimary: row.isPrimary,
  };
}

const accountText = (row: Pick<BankAccountRow, 'bankName' | 'accountNumberMasked'>) =>
  `${row.bankName} ${row.accountNumberMasked}`;

/** The primary account first, then the others in the order they were added. */
export async function listBankAccounts(deps: Deps, ctx: AuthedContext, customerId: string) {
  await customerRow(deps, ctx, customerId);
  const rows = await deps.db
    .select()
    .from(customerBankAccount)
    .where(eq(customerBankAccount.customerId, customerId))
    .orderBy(desc(customerBankAccount.isPrimary), asc(customerBankAccount.createdAt), asc(customerBankAccount.id));
  return rows.map(present);
}

async function accountOf(deps: Deps, customerId: string, accountId: string): Promise<BankAccountRow> {
  const [row] = await deps.db
    .select()
    .from(customerBankAccount)
    .where(and(eq(customerBankAccount.id, accountId), eq(customerBankAccount.customerId, customerId)));
  if (!row) throw new AppError('BANK_ACCOUNT_NOT_FOUND');
  return row;
}

/** Clears the primary mark of the customer's other accounts, so that `accountId` can take it. */
async function clearPrimary(tx: Tx, customerId: string, exceptId?: string) {
  await tx
    .update(customerBankAccount)
    .set({ isPrimary: false })
    .where(
      and(
        eq(customerBankAccount.customerId, customerId),
        eq(customerBankAccount.isPrimary, true),
        exceptId ? ne(customerBankAccount.id, exceptId) : undefined,
      ),
    );
}

/**
 * Adds an account. The first account of a customer becomes primary; a later one only when asked,
 * and then the previous primary steps down in the same transaction.
 */
export async function createBankAccount(deps: Deps, ctx: AuthedContext, customerId: string, input: BankAccountInput) {
  const c = await writableCustomer(deps, ctx, customerId);
  const zh = ctx.locale === 'zh-CN';
  const number = normaliseAccountNumber(input.accountNumber);
  if (!number) {
    throw invalid(
      ctx,
      'accountNumber',
      zh ? '银行账号应为 8–30 位数字（可含空格）' : 'an account number has 8–30 digits (spaces allowed)',
    );
  }
  const hash = deps.secrets.hash(number);
  const existing = await deps.db
    .select({ id: customerBankAccount.id, hash: customerBankAccount.accountNumberHash })
    .from(customerBankAccount)
    .where(eq(customerBankAccount.customerId, customerId));
  if (existing.some((a) => a.hash === hash)) {
    const params = { account: maskBankAccount(number) };
    // The field carries the whole message, so the form shows it under the account number.
    throw new AppError('BANK_ACCOUNT_TAKEN', params, {
      errors: [{ field: 'accountNumber', in: 'body', message: errorMessage('BANK_ACCOUNT_TAKEN', ctx.locale, params) }],
    });
  }
  refuseOverLimit(ctx, existing.length, MAX_BANK_ACCOUNTS, { 'zh-CN': '银行账户', 'en-US': 'bank accounts' });
  const row = await write(deps, ctx, async (tx, audit) => {
    const [primaries] = await tx
      .select({ n: count() })
      .from(customerBankAccount)
      .where(and(eq(customerBankAccount.customerId, customerId), eq(customerBankAccount.isPrimary, true)));
    const isPrimary = (primaries?.n ?? 0) === 0 || input.isPrimary === true;
    if (isPrimary) await clearPrimary(tx, customerId);
    const [inserted] = await tx
      .insert(customerBankAccount)
      .values({
        customerId,
        bankName: input.bankName,
        branch: input.branch || null,
        accountName: input.accountName,
        accountNumberEncrypted: deps.secrets.encrypt(number),
        accountNumberHash: hash,
        accountNumberMasked: maskBankAccount(number),
        isPrimary,
      })
      .returning();
    if (!inserted) throw new Error('insert bank account returned nothing');
    audit.record({
      action: 'customer.bank_account_create',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 新增银行账户 ${accountText(inserted)}${isPrimary ? '（主账户）' : ''}`,
      after: auditImage(inserted),
    });
    return inserted;
  });
  return present(row);
}

/** Makes one account the primary one (托收 draws from it); the previous primary steps down. */
export async function setPrimaryBankAccount(deps: Deps, ctx: AuthedContext, customerId: string, accountId: string) {
  const c = await writableCustomer(deps, ctx, customerId);
  const before = await accountOf(deps, customerId, accountId);
  if (before.isPrimary) return present(before);
  const row = await write(deps, ctx, async (tx, audit) => {
    const [previous] = await tx
      .select()
      .from(customerBankAccount)
      .where(and(eq(customerBankAccount.customerId, customerId), eq(customerBankAccount.isPrimary, true)));
    await clearPrimary(tx, customerId, accountId);
    const [updated] = await tx
      .update(customerBankAccount)
      .set({ isPrimary: true })
      .where(eq(customerBankAccount.id, accountId))
      .returning();
    if (!updated) throw new AppError('BANK_ACCOUNT_NOT_FOUND');
    audit.record({
      action: 'customer.bank_account_primary',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 的托收主账户改为 ${accountText(updated)}`,
      before: { primary: previous ? auditImage(previous) : null },
      after: { primary: auditImage(updated) },
    });
    return updated;
  });
  return present(row);
}

/** Removes an account; removing the primary one promotes the oldest remaining account, if any. */
export async function deleteBankAccount(deps: Deps, ctx: AuthedContext, customerId: string, accountId: string) {
  const c = await writableCustomer(deps, ctx, customerId);
  const before = await accountOf(deps, customerId, accountId);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(customerBankAccount).where(eq(customerBankAccount.id, accountId));
    let promoted: BankAccountRow | undefined;
    if (before.isPrimary) {
      const [next] = await tx
        .select()
        .from(customerBankAccount)
        .where(eq(customerBankAccount.customerId, customerId))
        .orderBy(asc(customerBankAccount.createdAt), asc(customerBankAccount.id))
        .limit(1);
      if (next) {
        [promoted] = await tx
          .update(customerBankAccount)
          .set({ isPrimary: true })
          .where(eq(customerBankAccount.id, next.id))
          .returning();
      }
    }
    audit.record({
      action: 'customer.bank_account_delete',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary:
        `客户「${c.name}」(${c.code}) 删除银行账户 ${accountText(before)}` +
        (promoted ? `，主账户改为 ${accountText(promoted)}` : ''),
      before: auditImage(before),
      after: promoted ? { primary: auditImage(promoted) } : undefined,
    });
  });
}

/**
 * The full account number, for a direct-debit form (QUALITY.md 17): needs customer.reveal and a
 * reason, and leaves an audit entry naming the account (masked) and the reason.
 */
export async function revealBankAccount(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  accountId: string,
  input: { reason: string },
) {
  const c = await writableCustomer(deps, ctx, customerId);
  const account = await accountOf(deps, customerId, accountId);
  const value = deps.secrets.decrypt(account.accountNumberEncrypted);
  await write(deps, ctx, async (_tx, audit) => {
    audit.record({
      action: 'customer.bank_account_reveal',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `查看客户「${c.name}」的完整银行账号 ${accountText(account)}：${input.reason}`,
      after: { accountId, field: 'accountNumber', reason: input.reason },
    });
  });
  return { field: 'accountNumber' as const, value };
}
