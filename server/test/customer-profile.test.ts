import { randomInt, randomUUID } from 'node:crypto';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/db/seeds/bootstrap.js';
import {
  contactRecord,
  customer,
  customerBankAccount,
  customerContact,
  customerEvent,
  occupancy,
} from '../src/modules/customer/customer.table.js';
import { dictionary } from '../src/modules/dictionary/dictionary.table.js';
import { type CustomerRow, Factory, maskMobile, mobileNumber, type ProjectRow } from './factories.js';
import {
  createTestApp,
  DAY,
  expectInvalid,
  expectProblem,
  HOUR,
  hasChinese,
  ok,
  type Page,
  type Problem,
  type TestApp,
} from './harness.js';

let t: TestApp;
let admin: Factory;
let adminCookie: string;
let as: Record<'kefu' | 'handler' | 'supervisor' | 'delivery' | 'hz', string>;
let p: { llhy: ProjectRow; csy: ProjectRow; xxyl: ProjectRow };
/** Owner of 邻里花园 1-2-901 (Shanghai): the customer most tests look at. */
let wang: CustomerRow;
let wangRoom: Room;
/** The people the demo seed created (both companies), before any test added customers. */
let demoPeople: string[];

interface Room {
  id: string;
  code: string;
}
interface Contact {
  id: string;
  customerId: string;
  kind: 'family' | 'emergency';
  name: string;
  relation: string;
  mobile: string | null;
  gender: string | null;
  notes: string | null;
}
interface BankAccount {
  id: string;
  customerId: string;
  bankName: string;
  branch: string | null;
  accountName: string;
  accountNumber: string;
  isPrimary: boolean;
}
interface ContactRecord {
  id: string;
  channel: string;
  occurredAt: string;
  summary: string;
  roomId: string | null;
  roomCode: string | null;
  projectName: string | null;
  staffId: string;
  staffName: string;
}
interface CustomerEvent {
  id: string;
  category: string;
  occurredOn: string;
  description: string;
  roomId: string | null;
  roomCode: string | null;
  handlerId: string;
  handlerName: string;
}

beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await t.login('admin');
  admin = new Factory(t, adminCookie);
  as = {
    kefu: await t.login('kefu'),
    handler: await t.login('handler'),
    supervisor: await t.login('supervisor'),
    delivery: await t.login('delivery'),
    hz: await t.login('hz_admin'),
  };
  p = {
    llhy: await admin.projectByCode('SH-LLHY'),
    csy: await admin.projectByCode('SH-CSY'),
    xxyl: await admin.projectByCode('HZ-XXYL'),
  };
  demoPeople = (await t.deps.db.select({ id: customer.id }).from(customer).where(eq(customer.kind, 'person'))).map(
    (c) => c.id,
  );
  wangRoom = await admin.roomByCode<Room>(p.llhy.id, '1-2-901');
  wang = await admin.createCustomer({
    name: '王档案',
    moveIn: { roomId: wangRoom.id, role: 'owner', fromDate: '2024-05-01' },
  });
});

afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const send = (method: Method, url: string, payload?: object, cookie = adminCookie, headers = {}) =>
  t.inject({ method, url, cookie, headers, ...(payload ? { payload } : {}) });

/** A 422 naming the field first, with Chinese messages. */
function expect422(response: LightMyRequestResponse, code: string, field: string): Problem {
  const body = expectProblem(response, 422, code);
  expect(body.errors?.[0]?.field).toBe(field);
  expect(body.errors?.[0]?.in).toBe('body');
  expect(body.errors?.[0]?.message).toMatch(hasChinese);
  expect(body.detail).toMatch(hasChinese);
  return body;
}

/** A 400 refusing a field the body may not carry (no mass assignment). */
function expectUnknownKey(response: LightMyRequestResponse): void {
  const body = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(body.errors?.[0]?.message).toMatch(/未知的键|unrecognized/i);
}

/** A new Shanghai customer owning a room of 邻里花园, so every Shanghai persona sees it. */
async function freshCustomer(name = '档案客户'): Promise<CustomerRow> {
  return admin.createCustomer({ name, moveIn: { roomId: wangRoom.id, role: 'resident', fromDate: '2025-01-01' } });
}

/** Asserts a value shows none of these full numbers, no ciphertext and no keyed hash of them. */
function expectNothingSecret(value: unknown, ...numbers: string[]) {
  const text = JSON.stringify(value);
  for (const n of numbers) {
    expect(text).not.toContain(n);
    expect(text).not.toContain(t.deps.secrets.hash(n));
  }
  expect(text).not.toMatch(/v1:[A-Za-z0-9+/]{20,}/);
  expect(text).not.toContain('accountNumberHash');
  expect(text).not.toContain('accountNumberEncrypted');
}

/** A plausible 19-digit debit card number no other test uses. */
const cardNumber = () => `6222${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}${randomInt(100_000, 999_999)}`;
const maskCard = (n: string) => `${n.slice(0, 4)} **** **** ${n.slice(-4)}`;

const contactsUrl = (customerId: string) => `/api/customers/${customerId}/contacts`;
const accountsUrl = (customerId: string) => `/api/customers/${customerId}/bank-accounts`;
const recordsUrl = (customerId: string) => `/api/customers/${customerId}/contact-records`;
const eventsUrl = (customerId: string) => `/api/customers/${customerId}/events`;

const contacts = async (customerId: string, cookie = adminCookie) =>
  ok<Contact[]>(await send('GET', contactsUrl(customerId), undefined, cookie));
const accounts = async (customerId: string, cookie = adminCookie) =>
  ok<BankAccount[]>(await send('GET', accountsUrl(customerId), undefined, cookie));
const addContact = async (customerId: string, payload: object, cookie = adminCookie) =>
  ok<Contact>(await send('POST', contactsUrl(customerId), payload, cookie), 201);
const addAccount = async (customerId: string, payload: object, cookie = adminCookie) =>
  ok<BankAccount>(
    await send(
      'POST',
      accountsUrl(customerId),
      { bankName: '中国工商银行', branch: '上海浦东支行', accountName: '王档案', ...payload },
      cookie,
    ),
    201,
  );
const addEvent = async (customerId: string, payload: object, cookie = adminCookie) =>
  ok<CustomerEvent>(
    await send(
      'POST',
      eventsUrl(customerId),
      { category: 'renovation', occurredOn: '2026-10-01', description: '业主申请装修', ...payload },
      cookie,
    ),
    201,
  );

/** Sets one dictionary item active or not (as an administrator would under 数据字典). */
async function setItemActive(dictionaryCode: string, itemCode: string, active: boolean) {
  const items = ok<{ id: string; dictionaryId: string; code: string; label: string; sortOrder: number }[]>(
    await send('GET', `/api/dictionary-items/${dictionaryCode}?includeInactive=true`),
  );
  const item = items.find((i) => i.code === itemCode);
  if (!item) throw new Error(`no item ${dictionaryCode}.${itemCode}`);
  ok(
    await send('PUT', `/api/dictionaries/${item.dictionaryId}/items/${item.id}`, {
      code: item.code,
      label: item.label,
      sortOrder: item.sortOrder,
      active,
    }),
  );
}

describe('dictionaries', () => {
  it('offer the relations and event categories in order, in Chinese and English', async () => {
    const relations = ok<{ code: string; label: string; labelEn: string }[]>(
      await send('GET', '/api/dictionary-items/contact_relation', undefined, as.kefu),
    );
    expect(relations.map((r) => r.label)).toEqual([
      '配偶',
      '子女',
      '父母',
      '兄弟姐妹',
      '祖父母/外祖父母',
      '其他亲属',
      '朋友',
      '同事',
      '其他',
    ]);
    expect(relations.every((r) => r.labelEn && /^[\x20-\x7e]+$/.test(r.labelEn))).toBe(true);
    const categories = ok<{ label: string }[]>(
      await send('GET', '/api/dictionary-items/customer_event_category', undefined, as.kefu),
    );
    expect(categories.map((c) => c.label)).toEqual([
      '装修',
      '重要投诉',
      '媒体关注',
      '法律纠纷',
      '重要客户',
      '欠费催缴',
      '房屋买卖',
      '其他',
    ]);
  });

  it('are added again by the start-up bootstrap when missing', async () => {
    const newDict = await admin.createDictionary();
    await t.deps.db.delete(dictionary).where(eq(dictionary.code, 'customer_event_category'));
    expectProblem(await send('GET', '/api/dictionary-items/customer_event_category'), 404, 'DICTIONARY_NOT_FOUND');
    await bootstrap(t.deps);
    const items = ok<unknown[]>(await send('GET', '/api/dictionary-items/customer_event_category'));
    expect(items).toHaveLength(8);
    // Dictionaries that exist are left as they are.
    const [again] = await t.deps.db.select().from(dictionary).where(eq(dictionary.code, newDict.code));
    expect(again?.id).toBe(newDict.id);
  });
});

describe('家庭成员与紧急联系人 (contacts)', () => {
  it('adds a family member with the mobile normalised, shown masked, audited masked', async () => {
    const c = await freshCustomer();
    const mobile = mobileNumber();
    const typed = `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`;
    const response = await send(
      'POST',
      contactsUrl(c.id),
      { kind: 'family', name: '李秀英', relation: 'spouse', mobile: typed, gender: 'female', notes: '白天在家' },
      as.kefu,
    );
    const created = ok<Contact>(response, 201);
    expect(created).toMatchObject({
      customerId: c.id,
      kind: 'family',
      name: '李秀英',
      relation: 'spouse',
      mobile: maskMobile(mobile),
      gender: 'female',
      notes: '白天在家',
    });
    const [stored] = await t.deps.db.select().from(customerContact).where(eq(customerContact.id, created.id));
    expect(stored?.mobile).toBe(mobile);

    const [entry, ...more] = await t.auditEntries(response);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: 'customer.contact_create',
      entityType: 'customer',
      entityId: c.id,
      actorName: '张晓梅',
      after: { name: '李秀英', relation: 'spouse', mobile: maskMobile(mobile) },
    });
    expect(entry?.summary).toContain('家庭成员「李秀英」');
    expectNothingSecret(entry, mobile);
  });

  it('lists family members first, closest relation first, then emergency contacts, every mobile masked', async () => {
    const c = await freshCustomer();
    const [m1, m2] = [mobileNumber(), mobileNumber()];
    await addContact(c.id, { kind: 'emergency', name: '赵紧急', relation: 'friend', mobile: m1 });
    await addContact(c.id, { kind: 'family', name: '王子涵', relation: 'child' });
    await addContact(c.id, { kind: 'family', name: '王建国', relation: 'parent', mobile: m2 });
    // Added last, the spouse comes first: the closest relation leads, as the dictionary orders them.
    await addContact(c.id, { kind: 'family', name: '李配偶', relation: 'spouse' });
    for (const cookie of [adminCookie, as.kefu, as.handler, as.supervisor]) {
      const list = await contacts(c.id, cookie);
      expect(list.map((x) => [x.kind, x.name, x.mobile])).toEqual([
        ['family', '李配偶', null],
        ['family', '王子涵', null],
        ['family', '王建国', maskMobile(m2)],
        ['emergency', '赵紧急', maskMobile(m1)],
      ]);
      expectNothingSecret(list, m1, m2);
    }
  });

  it('refuses a bad mobile, an emergency contact without one and an unknown relation, writing nothing', async () => {
    const c = await freshCustomer();
    for (const mobile of ['1380013800', '021-5888-1200', '23800138000', '电话']) {
      const body = expect422(
        await send('POST', contactsUrl(c.id), { kind: 'family', name: '错号', relation: 'spouse', mobile }),
        'IDENTIFIER_INVALID',
        'mobile',
      );
      expect(body.detail).toMatch(/^手机号码不正确/);
    }
    const emergency = expect422(
      await send('POST', contactsUrl(c.id), { kind: 'emergency', name: '无号码', relation: 'friend' }),
      'IDENTIFIER_INVALID',
      'mobile',
    );
    expect(emergency.errors?.[0]?.message).toBe('紧急联系人必须填写手机号码');
    const relation = expect422(
      await send('POST', contactsUrl(c.id), { kind: 'family', name: '错关系', relation: 'cousin_twice_removed' }),
      'DICTIONARY_CODE_INVALID',
      'relation',
    );
    expect(relation.detail).toBe('关系“cousin_twice_removed”不是数据字典“联系人关系”中的可用选项');
    const english = expectProblem(
      await send('POST', contactsUrl(c.id), { kind: 'family', name: 'x', relation: 'nope' }, adminCookie, {
        'accept-language': 'en-US',
      }),
      422,
      'DICTIONARY_CODE_INVALID',
    );
    expect(english.detail).toBe('Relation "nope" is not an active item of the dictionary "Relation"');

    // Shapes the schema refuses: 400 naming the field.
    expectInvalid(await send('POST', contactsUrl(c.id), { kind: 'neighbour', name: '甲', relation: 'friend' }), 'kind');
    expectInvalid(await send('POST', contactsUrl(c.id), { kind: 'family', name: ' ', relation: 'spouse' }), 'name');
    expectUnknownKey(
      await send('POST', contactsUrl(c.id), { kind: 'family', name: '甲', relation: 'spouse', customerId: wang.id }),
    );
    expectInvalid(
      await send('POST', contactsUrl(c.id), { kind: 'family', name: '甲', relation: 'spouse', gender: 'x' }),
      'gender',
    );
    expect(await contacts(c.id)).toEqual([]);
  });

  it('refuses a relation whose dictionary item was switched off, but keeps one already stored', async () => {
    const c = await freshCustomer();
    const kept = await addContact(c.id, { kind: 'family', name: '孙祖父', relation: 'grandparent' });
    await setItemActive('contact_relation', 'grandparent', false);
    try {
      expect422(
        await send('POST', contactsUrl(c.id), { kind: 'family', name: '孙祖母', relation: 'grandparent' }),
        'DICTIONARY_CODE_INVALID',
        'relation',
      );
      const updated = ok<Contact>(
        await send('PUT', `${contactsUrl(c.id)}/${kept.id}`, {
          kind: 'family',
          name: '孙祖父',
          relation: 'grandparent',
          notes: '腿脚不便',
        }),
      );
      expect(updated).toMatchObject({ relation: 'grandparent', notes: '腿脚不便' });
    } finally {
      await setItemActive('contact_relation', 'grandparent', true);
    }
  });

  it('changes a contact: an omitted mobile stays, a new one replaces it, null clears it; audited masked', async () => {
    const c = await freshCustomer();
    const [first, second] = [mobileNumber(), mobileNumber()];
    const contact = await addContact(c.id, { kind: 'family', name: '周女儿', relation: 'child', mobile: first });
    const url = `${contactsUrl(c.id)}/${contact.id}`;
    const base = { kind: 'family', name: '周女儿', relation: 'child' };

    const kept = ok<Contact>(await send('PUT', url, { ...base, name: '周小雨', gender: 'female' }, as.kefu));
    expect(kept).toMatchObject({ name: '周小雨', mobile: maskMobile(first), gender: 'female' });

    const response = await send('PUT', url, { ...base, name: '周小雨', mobile: second });
    expect(ok<Contact>(response).mobile).toBe(maskMobile(second));
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.contact_update',
      entityId: c.id,
      before: { mobile: maskMobile(first), name: '周小雨' },
      after: { mobile: maskMobile(second) },
    });
    expectNothingSecret(entry, first, second);

    expect(ok<Contact>(await send('PUT', url, { ...base, mobile: null })).mobile).toBeNull();
    // Becoming the emergency contact needs a number.
    expect422(
      await send('PUT', url, { ...base, kind: 'emergency', relation: 'child' }),
      'IDENTIFIER_INVALID',
      'mobile',
    );
    expect422(await send('PUT', url, { ...base, mobile: '12345' }), 'IDENTIFIER_INVALID', 'mobile');
    expect((await contacts(c.id)).map((x) => [x.name, x.mobile])).toEqual([['周女儿', null]]);
  });

  it('deletes a contact, audited; unknown contacts and contacts of another customer are 404', async () => {
    const c = await freshCustomer();
    const other = await freshCustomer();
    const mobile = mobileNumber();
    const contact = await addContact(c.id, { kind: 'emergency', name: '吴同事', relation: 'colleague', mobile });
    const url = `${contactsUrl(c.id)}/${contact.id}`;
    // The contact's id under another customer's path finds nothing.
    expectProblem(await send('DELETE', `${contactsUrl(other.id)}/${contact.id}`), 404, 'CONTACT_NOT_FOUND');
    expectProblem(
      await send('PUT', `${contactsUrl(other.id)}/${contact.id}`, {
        kind: 'family',
        name: '甲',
        relation: 'spouse',
      }),
      404,
      'CONTACT_NOT_FOUND',
    );
    const response = await send('DELETE', url, undefined, as.delivery);
    expect(ok(response)).toEqual({ ok: true });
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.contact_delete',
      entityId: c.id,
      before: { name: '吴同事', mobile: maskMobile(mobile) },
    });
    expectNothingSecret(entry, mobile);
    expect(await contacts(c.id)).toEqual([]);
    expectProblem(await send('DELETE', url), 404, 'CONTACT_NOT_FOUND');
    expectProblem(
      await send('PUT', `${contactsUrl(c.id)}/${randomUUID()}`, { kind: 'family', name: '甲', relation: 'spouse' }),
      404,
      'CONTACT_NOT_FOUND',
    );
  });

  it('reveals a contact mobile to customer.reveal holders with a reason, audited without the number', async () => {
    const c = await freshCustomer();
    const mobile = mobileNumber();
    const contact = await addContact(c.id, { kind: 'emergency', name: '郑紧急', relation: 'sibling', mobile });
    const url = `${contactsUrl(c.id)}/${contact.id}/reveal`;
    const reason = '业主家中漏水无人接听，联系紧急联系人';
    const response = await send('POST', url, { reason }, as.supervisor);
    expect(ok(response)).toEqual({ field: 'mobile', value: mobile });
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.contact_reveal',
      entityId: c.id,
      actorName: '王海燕',
      after: { contactId: contact.id, field: 'mobile', reason },
    });
    expect(entry?.summary).toContain(reason);
    expectNothingSecret(entry, mobile);

    for (const cookie of [as.kefu, as.handler, as.delivery]) {
      expectProblem(await send('POST', url, { reason }, cookie), 403, 'FORBIDDEN');
    }
    for (const body of [{}, { reason: ' ' }, { reason: '看' }]) {
      const refused = await send('POST', url, body);
      expectInvalid(refused, 'reason');
      expect(await t.auditEntries(refused)).toEqual([]);
    }
    expectProblem(
      await send('POST', `${contactsUrl(c.id)}/${randomUUID()}/reveal`, { reason }),
      404,
      'CONTACT_NOT_FOUND',
    );
  });

  it('keeps at most 20 contacts per customer', async () => {
    const c = await freshCustomer();
    await t.deps.db.insert(customerContact).values(
      Array.from({ length: 20 }, (_, i) => ({
        customerId: c.id,
        kind: 'family' as const,
        name: `成员${i}`,
        relation: 'relative',
      })),
    );
    const body = expectProblem(
      await send('POST', contactsUrl(c.id), { kind: 'family', name: '第二十一位', relation: 'relative' }),
      409,
      'PROFILE_LIMIT',
    );
    expect(body.detail).toBe('每位客户最多登记 20 个联系人，请先删除不再使用的');
  });
});

describe('银行账户 (bank accounts)', () => {
  it('adds the first account as primary, stored encrypted with a keyed hash, shown and audited masked', async () => {
    const c = await freshCustomer();
    const number = cardNumber();
    const typed = `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8, 12)} ${number.slice(12)}`;
    const response = await send(
      'POST',
      accountsUrl(c.id),
      { bankName: '中国工商银行', branch: '上海浦东支行', accountName: '档案客户', accountNumber: typed },
      as.kefu,
    );
    const created = ok<BankAccount>(response, 201);
    expect(created).toMatchObject({
      customerId: c.id,
      bankName: '中国工商银行',
      branch: '上海浦东支行',
      accountName: '档案客户',
      accountNumber: maskCard(number),
      isPrimary: true,
    });
    const [stored] = await t.deps.db.select().from(customerBankAccount).where(eq(customerBankAccount.id, created.id));
    expect(stored?.accountNumberEncrypted).toMatch(/^v1:/);
    expect(stored?.accountNumberEncrypted).not.toContain(number);
    expect(t.deps.secrets.decrypt(String(stored?.accountNumberEncrypted))).toBe(number);
    expect(stored?.accountNumberHash).toBe(t.deps.secrets.hash(number));
    expect(stored?.accountNumberMasked).toBe(maskCard(number));

    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.bank_account_create',
      entityId: c.id,
      after: { accountNumber: maskCard(number), isPrimary: true, bankName: '中国工商银行' },
    });
    expect(entry?.summary).toContain(maskCard(number));
    expectNothingSecret(entry, number);
    expectNothingSecret(await accounts(c.id, as.handler), number);
  });

  it('refuses account numbers that are not 8–30 digits: 422 naming accountNumber, writing nothing', async () => {
    const c = await freshCustomer();
    for (const accountNumber of [
      '1234567',
      '1'.repeat(31),
      '6222-0210-0112-3456',
      '6222O21001123456',
      '62220210０１123456',
      '',
    ]) {
      const body = expect422(
        await send('POST', accountsUrl(c.id), { bankName: '中国银行', accountName: '甲', accountNumber }),
        'IDENTIFIER_INVALID',
        'accountNumber',
      );
      expect(body.detail, accountNumber).toBe('银行账号不正确：银行账号应为 8–30 位数字（可含空格）');
    }
    // 8 and 30 digits are both fine.
    await addAccount(c.id, { accountNumber: '12345678' });
    await addAccount(c.id, { accountNumber: '1'.repeat(30) });
    expectInvalid(await send('POST', accountsUrl(c.id), { accountName: '甲', accountNumber: '12345678' }), 'bankName');
    expectInvalid(
      await send('POST', accountsUrl(c.id), { bankName: '中国银行', accountNumber: '123456789' }),
      'accountName',
    );
    expectUnknownKey(
      await send('POST', accountsUrl(c.id), {
        bankName: '中国银行',
        accountName: '甲',
        accountNumber: '123456789',
        accountNumberHash: 'x',
      }),
    );
    expect(await accounts(c.id)).toHaveLength(2);
  });

  it('refuses the same number twice for one customer, however typed (409, in Chinese), but not for another', async () => {
    const c = await freshCustomer();
    const other = await freshCustomer();
    const number = cardNumber();
    await addAccount(c.id, { accountNumber: number });
    const spaced = number.replace(/(\d{4})/g, '$1 ');
    const body = expectProblem(
      await send('POST', accountsUrl(c.id), { bankName: '中国建设银行', accountName: '甲', accountNumber: spaced }),
      409,
      'BANK_ACCOUNT_TAKEN',
    );
    expect(body.detail).toBe(`该客户已登记过银行账号 ${maskCard(number)}，不能重复添加`);
    expect(body.errors).toEqual([{ field: 'accountNumber', in: 'body', message: body.detail }]);
    const english = expectProblem(
      await send(
        'POST',
        accountsUrl(c.id),
        { bankName: 'x行', accountName: '甲', accountNumber: number },
        adminCookie,
        {
          'accept-language': 'en-US',
        },
      ),
      409,
      'BANK_ACCOUNT_TAKEN',
    );
    expect(english.detail).toContain(maskCard(number));
    expect(await accounts(c.id)).toHaveLength(1);
    // A joint account may be registered for a spouse who is a customer too.
    await addAccount(other.id, { accountNumber: number });
  });

  it('keeps exactly one primary: a later account only when asked, set primary swaps, the database refuses a second', async () => {
    const c = await freshCustomer();
    const first = await addAccount(c.id, { accountNumber: cardNumber() });
    const second = await addAccount(c.id, { bankName: '招商银行', accountNumber: cardNumber() });
    expect(second.isPrimary).toBe(false);
    const third = await addAccount(c.id, { bankName: '交通银行', accountNumber: cardNumber(), isPrimary: true });
    expect(third.isPrimary).toBe(true);
    expect((await accounts(c.id)).map((a) => [a.id, a.isPrimary])).toEqual([
      [third.id, true],
      [first.id, false],
      [second.id, false],
    ]);

    const response = await send('POST', `${accountsUrl(c.id)}/${second.id}/primary`, undefined, as.kefu);
    expect(ok<BankAccount>(response)).toMatchObject({ id: second.id, isPrimary: true });
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.bank_account_primary',
      before: { primary: { id: third.id } },
      after: { primary: { id: second.id } },
    });
    expect((await accounts(c.id)).filter((a) => a.isPrimary).map((a) => a.id)).toEqual([second.id]);
    // Setting the primary account primary again changes and records nothing.
    const again = await send('POST', `${accountsUrl(c.id)}/${second.id}/primary`);
    expect(ok<BankAccount>(again).isPrimary).toBe(true);
    expect(await t.auditEntries(again)).toEqual([]);
    expectProblem(await send('POST', `${accountsUrl(c.id)}/${randomUUID()}/primary`), 404, 'BANK_ACCOUNT_NOT_FOUND');

    // Whatever the API does, the partial unique index allows one primary per customer.
    await expect(
      t.deps.db.update(customerBankAccount).set({ isPrimary: true }).where(eq(customerBankAccount.id, first.id)),
    ).rejects.toThrow();
    const [primaries] = await t.deps.db
      .select({ n: count() })
      .from(customerBankAccount)
      .where(and(eq(customerBankAccount.customerId, c.id), eq(customerBankAccount.isPrimary, true)));
    expect(primaries?.n).toBe(1);
  });

  it('deleting the primary promotes the oldest other account; deleting the last leaves none', async () => {
    const c = await freshCustomer();
    const [n1, n2, n3] = [cardNumber(), cardNumber(), cardNumber()];
    const a1 = await addAccount(c.id, { accountNumber: n1 });
    const a2 = await addAccount(c.id, { accountNumber: n2 });
    const a3 = await addAccount(c.id, { accountNumber: n3 });
    // A non-primary account goes without touching the primary.
    ok(await send('DELETE', `${accountsUrl(c.id)}/${a2.id}`));
    expect((await accounts(c.id)).map((a) => [a.id, a.isPrimary])).toEqual([
      [a1.id, true],
      [a3.id, false],
    ]);
    const response = await send('DELETE', `${accountsUrl(c.id)}/${a1.id}`, undefined, as.delivery);
    expect(ok(response)).toEqual({ ok: true });
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.bank_account_delete',
      before: { id: a1.id, accountNumber: maskCard(n1), isPrimary: true },
      after: { primary: { id: a3.id, accountNumber: maskCard(n3) } },
    });
    expectNothingSecret(entry, n1, n3);
    expect((await accounts(c.id)).map((a) => [a.id, a.isPrimary])).toEqual([[a3.id, true]]);
    ok(await send('DELETE', `${accountsUrl(c.id)}/${a3.id}`));
    expect(await accounts(c.id)).toEqual([]);
    expectProblem(await send('DELETE', `${accountsUrl(c.id)}/${a3.id}`), 404, 'BANK_ACCOUNT_NOT_FOUND');
    // After all are gone, the next account is primary again.
    expect((await addAccount(c.id, { accountNumber: n1 })).isPrimary).toBe(true);
  });

  it('reveals the full number to customer.reveal holders with a reason, audited masked', async () => {
    const c = await freshCustomer();
    const number = cardNumber();
    const account = await addAccount(c.id, { accountNumber: number });
    const url = `${accountsUrl(c.id)}/${account.id}/reveal`;
    const reason = '业主办理银行托收，核对账号';
    const response = await send('POST', url, { reason }, as.supervisor);
    expect(ok(response)).toEqual({ field: 'accountNumber', value: number });
    const entries = await t.auditEntries(response);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'customer.bank_account_reveal',
      entityId: c.id,
      actorName: '王海燕',
      after: { accountId: account.id, field: 'accountNumber', reason },
    });
    expect(entries[0]?.summary).toContain(reason);
    expect(entries[0]?.summary).toContain(maskCard(number));
    expectNothingSecret(entries, number);

    for (const cookie of [as.kefu, as.handler, as.delivery]) {
      expectProblem(await send('POST', url, { reason }, cookie), 403, 'FORBIDDEN');
    }
    for (const body of [{}, { reason: '' }, { reason: '看' }]) {
      const refused = await send('POST', url, body);
      expectInvalid(refused, 'reason');
      expect(await t.auditEntries(refused)).toEqual([]);
    }
    expectUnknownKey(await send('POST', url, { reason, field: 'accountNumber' }));
    const other = await freshCustomer();
    expectProblem(
      await send('POST', `${accountsUrl(other.id)}/${account.id}/reveal`, { reason }),
      404,
      'BANK_ACCOUNT_NOT_FOUND',
    );
  });

  it('keeps at most 10 accounts per customer', async () => {
    const c = await freshCustomer();
    for (let i = 0; i < 10; i++) await addAccount(c.id, { accountNumber: cardNumber() });
    expectProblem(
      await send('POST', accountsUrl(c.id), { bankName: '中国银行', accountName: '甲', accountNumber: cardNumber() }),
      409,
      'PROFILE_LIMIT',
    );
  });
});

describe('沟通记录 (contact records)', () => {
  it('records a contact by the logged-in user, now unless told, with a room of the customer', async () => {
    const c = await freshCustomer();
    const response = await send(
      'POST',
      recordsUrl(c.id),
      { channel: 'call', summary: '业主来电咨询物业费银行托收办理方式，已告知所需材料', roomId: wangRoom.id },
      as.kefu,
    );
    const created = ok<ContactRecord>(response, 201);
    expect(created).toMatchObject({
      channel: 'call',
      occurredAt: t.clock.now.toISOString(),
      roomId: wangRoom.id,
      roomCode: wangRoom.code,
      projectName: '邻里花园',
      staffName: '张晓梅',
    });
    const kefu = await admin.userByName('kefu');
    expect(created.staffId).toBe(kefu.id);
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({ action: 'customer.contact_record_create', entityId: c.id });
    expect(entry?.summary).toContain('电话');

    const earlier = new Date(t.clock.now.getTime() - 3 * HOUR);
    const visit = ok<ContactRecord>(
      await send('POST', recordsUrl(c.id), {
        channel: 'visit',
        occurredAt: earlier.toISOString().replace('Z', '+00:00'),
        summary: '上门回访',
        roomId: null,
      }),
      201,
    );
    expect(visit).toMatchObject({ occurredAt: earlier.toISOString(), roomId: null, roomCode: null, staffName: '周敏' });
  });

  it('lists newest first, paged, optionally by channel', async () => {
    const c = await freshCustomer();
    const at = (days: number) => new Date(t.clock.now.getTime() - days * DAY).toISOString();
    for (const [channel, days, summary] of [
      ['wechat', 3, '微信通知停水'],
      ['call', 1, '来电报修'],
      ['email', 10, '邮件寄送账单'],
      ['call', 5, '回访满意度'],
    ] as const) {
      ok(await send('POST', recordsUrl(c.id), { channel, occurredAt: at(days), summary }), 201);
    }
    const first = ok<Page<ContactRecord>>(await send('GET', `${recordsUrl(c.id)}?pageSize=3`, undefined, as.handler));
    expect(first.total).toBe(4);
    expect(first.data.map((r) => r.summary)).toEqual(['来电报修', '微信通知停水', '回访满意度']);
    const second = ok<Page<ContactRecord>>(await send('GET', `${recordsUrl(c.id)}?pageSize=3&current=2`));
    expect(second.data.map((r) => r.summary)).toEqual(['邮件寄送账单']);
    const calls = ok<Page<ContactRecord>>(await send('GET', `${recordsUrl(c.id)}?channel=call`));
    expect(calls.data.map((r) => r.summary)).toEqual(['来电报修', '回访满意度']);
    expectInvalid(await send('GET', `${recordsUrl(c.id)}?pageSize=500`), 'pageSize');
    expectInvalid(await send('GET', `${recordsUrl(c.id)}?channel=fax`), 'channel');
  });

  it('refuses a future time, a room that is not the customer’s and bad input, writing nothing', async () => {
    const c = await freshCustomer();
    const future = new Date(t.clock.now.getTime() + HOUR).toISOString();
    expectProblem(
      await send('POST', recordsUrl(c.id), { channel: 'call', occurredAt: future, summary: '未来的电话' }),
      422,
      'CONTACT_TIME_FUTURE',
    );
    const otherRoom = await admin.roomByCode<Room>(p.llhy.id, '1-2-1001');
    expect422(
      await send('POST', recordsUrl(c.id), { channel: 'visit', summary: '上门', roomId: otherRoom.id }),
      'ROOM_NOT_OF_CUSTOMER',
      'roomId',
    );
    expect422(
      await send('POST', recordsUrl(c.id), { channel: 'visit', summary: '上门', roomId: randomUUID() }),
      'ROOM_NOT_OF_CUSTOMER',
      'roomId',
    );
    expectInvalid(await send('POST', recordsUrl(c.id), { channel: 'fax', summary: '传真' }), 'channel');
    expectInvalid(await send('POST', recordsUrl(c.id), { channel: 'call', summary: '' }), 'summary');
    expectInvalid(
      await send('POST', recordsUrl(c.id), { channel: 'call', summary: '电话', occurredAt: '2026-11-24 09:00' }),
      'occurredAt',
    );
    expectUnknownKey(await send('POST', recordsUrl(c.id), { channel: 'call', summary: '电话', staffName: '别人' }));
    expect(ok<Page<ContactRecord>>(await send('GET', recordsUrl(c.id))).total).toBe(0);
  });

  it('is history: there is no way to change or delete a record', async () => {
    const c = await freshCustomer();
    const record = ok<ContactRecord>(await send('POST', recordsUrl(c.id), { channel: 'call', summary: '来电' }), 201);
    expectProblem(await send('PUT', `${recordsUrl(c.id)}/${record.id}`, { summary: '改' }), 404, 'NOT_FOUND');
    expectProblem(await send('DELETE', `${recordsUrl(c.id)}/${record.id}`), 404, 'NOT_FOUND');
    const [stored] = await t.deps.db.select().from(contactRecord).where(eq(contactRecord.id, record.id));
    expect(stored?.summary).toBe('来电');
  });
});

describe('客户事件 (customer events)', () => {
  it('records an event with the logged-in user as handler, lists newest first and by category', async () => {
    const c = await freshCustomer();
    const response = await send(
      'POST',
      eventsUrl(c.id),
      {
        category: 'renovation',
        occurredOn: '2026-03-15',
        description: '业主办理装修手续，施工期 60 天',
        roomId: wangRoom.id,
      },
      as.delivery,
    );
    const created = ok<CustomerEvent>(response, 201);
    expect(created).toMatchObject({
      category: 'renovation',
      occurredOn: '2026-03-15',
      roomId: wangRoom.id,
      roomCode: wangRoom.code,
      handlerName: '刘洋',
    });
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({ action: 'customer.event_create', entityId: c.id, after: { category: 'renovation' } });

    await addEvent(c.id, { category: 'major_complaint', occurredOn: '2026-11-02', description: '投诉电梯故障频繁' });
    await addEvent(c.id, { category: 'renovation', occurredOn: '2025-12-01', description: '阳台封窗' });
    const page = ok<Page<CustomerEvent>>(await send('GET', eventsUrl(c.id), undefined, as.handler));
    expect(page.data.map((e) => e.occurredOn)).toEqual(['2026-11-02', '2026-03-15', '2025-12-01']);
    const renovations = ok<Page<CustomerEvent>>(await send('GET', `${eventsUrl(c.id)}?category=renovation&pageSize=1`));
    expect(renovations.total).toBe(2);
    expect(renovations.data.map((e) => e.occurredOn)).toEqual(['2026-03-15']);
  });

  it('refuses an unknown category, a future day, an impossible date and a room not the customer’s', async () => {
    const c = await freshCustomer();
    const category = expect422(
      await send('POST', eventsUrl(c.id), { category: 'alien', occurredOn: '2026-01-01', description: '外星来客' }),
      'DICTIONARY_CODE_INVALID',
      'category',
    );
    expect(category.detail).toBe('事件类别“alien”不是数据字典“客户事件类别”中的可用选项');
    expect(category.errors?.[0]?.message).toBe('请从“客户事件类别”中选择');
    // Today in Beijing is fine, tomorrow is not.
    await addEvent(c.id, { occurredOn: '2026-11-24' });
    expectProblem(
      await send('POST', eventsUrl(c.id), { category: 'legal', occurredOn: '2026-11-25', description: '起诉' }),
      422,
      'EVENT_DATE_FUTURE',
    );
    expectInvalid(
      await send('POST', eventsUrl(c.id), { category: 'legal', occurredOn: '2026-02-30', description: '起诉' }),
      'occurredOn',
    );
    expectInvalid(await send('POST', eventsUrl(c.id), { category: 'legal', occurredOn: '2026-02-01' }), 'description');
    const elsewhere = await admin.roomByCode<Room>(p.csy.id, (await someRoomCode(p.csy.id)) as string);
    expect422(
      await send('POST', eventsUrl(c.id), {
        category: 'legal',
        occurredOn: '2026-02-01',
        description: '起诉',
        roomId: elsewhere.id,
      }),
      'ROOM_NOT_OF_CUSTOMER',
      'roomId',
    );
    expectUnknownKey(
      await send('POST', eventsUrl(c.id), {
        category: 'legal',
        occurredOn: '2026-02-01',
        description: '起诉',
        handlerName: '别人',
      }),
    );
    expect(ok<Page<CustomerEvent>>(await send('GET', eventsUrl(c.id))).total).toBe(1);
  });

  it('corrects an event keeping its handler, audited before and after; deletes it', async () => {
    const c = await freshCustomer();
    const event = await addEvent(c.id, { category: 'arrears', occurredOn: '2026-06-01', description: '欠费三个月' });
    const url = `${eventsUrl(c.id)}/${event.id}`;
    const response = await send(
      'PUT',
      url,
      { category: 'arrears', occurredOn: '2026-06-02', description: '欠费三个月，已电话催缴', roomId: wangRoom.id },
      as.kefu,
    );
    const updated = ok<CustomerEvent>(response);
    expect(updated).toMatchObject({
      occurredOn: '2026-06-02',
      description: '欠费三个月，已电话催缴',
      roomCode: wangRoom.code,
      handlerName: '周敏',
    });
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.event_update',
      actorName: '张晓梅',
      before: { occurredOn: '2026-06-01', description: '欠费三个月' },
      after: { occurredOn: '2026-06-02' },
    });
    // An omitted room stays; null removes it.
    expect(
      ok<CustomerEvent>(
        await send('PUT', url, { category: 'arrears', occurredOn: '2026-06-02', description: '已缴清' }),
      ).roomId,
    ).toBe(wangRoom.id);
    expect(
      ok<CustomerEvent>(
        await send('PUT', url, { category: 'arrears', occurredOn: '2026-06-02', description: '已缴清', roomId: null }),
      ).roomId,
    ).toBeNull();
    expect422(
      await send('PUT', url, { category: 'nonsense', occurredOn: '2026-06-02', description: '已缴清' }),
      'DICTIONARY_CODE_INVALID',
      'category',
    );
    expectProblem(
      await send('PUT', url, { category: 'arrears', occurredOn: '2027-01-01', description: '已缴清' }),
      422,
      'EVENT_DATE_FUTURE',
    );
    const other = await freshCustomer();
    expectProblem(await send('DELETE', `${eventsUrl(other.id)}/${event.id}`), 404, 'CUSTOMER_EVENT_NOT_FOUND');

    const deleted = await send('DELETE', url);
    expect(ok(deleted)).toEqual({ ok: true });
    expect((await t.auditEntries(deleted))[0]).toMatchObject({
      action: 'customer.event_delete',
      before: { id: event.id, description: '已缴清' },
    });
    expectProblem(await send('DELETE', url), 404, 'CUSTOMER_EVENT_NOT_FOUND');
    expectProblem(
      await send('PUT', url, { category: 'arrears', occurredOn: '2026-06-02', description: '已缴清' }),
      404,
      'CUSTOMER_EVENT_NOT_FOUND',
    );
  });
});

/** The code of some room in a project (the first listed). */
async function someRoomCode(projectId: string): Promise<string | undefined> {
  return ok<Page<Room>>(await send('GET', `/api/rooms?projectId=${projectId}&pageSize=1`)).data[0]?.code;
}

describe('permissions and data scope', () => {
  it('lets customer.read holders read and refuses their writes (403)', async () => {
    const c = await freshCustomer();
    const contact = await addContact(c.id, { kind: 'family', name: '甲', relation: 'spouse' });
    const account = await addAccount(c.id, { accountNumber: cardNumber() });
    const event = await addEvent(c.id, {});
    for (const cookie of [as.handler, as.supervisor]) {
      ok(await send('GET', contactsUrl(c.id), undefined, cookie));
      ok(await send('GET', accountsUrl(c.id), undefined, cookie));
      ok(await send('GET', recordsUrl(c.id), undefined, cookie));
      ok(await send('GET', eventsUrl(c.id), undefined, cookie));
      for (const [method, url] of [
        ['POST', contactsUrl(c.id)],
        ['PUT', `${contactsUrl(c.id)}/${contact.id}`],
        ['DELETE', `${contactsUrl(c.id)}/${contact.id}`],
        ['POST', accountsUrl(c.id)],
        ['POST', `${accountsUrl(c.id)}/${account.id}/primary`],
        ['DELETE', `${accountsUrl(c.id)}/${account.id}`],
        ['POST', recordsUrl(c.id)],
        ['POST', eventsUrl(c.id)],
        ['PUT', `${eventsUrl(c.id)}/${event.id}`],
        ['DELETE', `${eventsUrl(c.id)}/${event.id}`],
      ] as const) {
        expectProblem(await send(method, url, method === 'DELETE' ? undefined : {}, cookie), 403, 'FORBIDDEN');
      }
    }
  });

  it('hz_admin meets a Shanghai customer and everything under it as if it did not exist (404)', async () => {
    const c = await freshCustomer();
    const contact = await addContact(c.id, {
      kind: 'family',
      name: '沪家属',
      relation: 'spouse',
      mobile: mobileNumber(),
    });
    const account = await addAccount(c.id, { accountNumber: cardNumber() });
    const event = await addEvent(c.id, {});
    const contactBody = { kind: 'family', name: '杭', relation: 'spouse' };
    const accountBody = { bankName: '杭州银行', accountName: '杭', accountNumber: cardNumber() };
    const eventBody = { category: 'other', occurredOn: '2026-01-01', description: '越权' };
    const reason = { reason: '越权查看' };
    for (const [method, url, body] of [
      ['GET', contactsUrl(c.id), undefined],
      ['POST', contactsUrl(c.id), contactBody],
      ['PUT', `${contactsUrl(c.id)}/${contact.id}`, contactBody],
      ['DELETE', `${contactsUrl(c.id)}/${contact.id}`, undefined],
      ['POST', `${contactsUrl(c.id)}/${contact.id}/reveal`, reason],
      ['GET', accountsUrl(c.id), undefined],
      ['POST', accountsUrl(c.id), accountBody],
      ['POST', `${accountsUrl(c.id)}/${account.id}/primary`, undefined],
      ['DELETE', `${accountsUrl(c.id)}/${account.id}`, undefined],
      ['POST', `${accountsUrl(c.id)}/${account.id}/reveal`, reason],
      ['GET', recordsUrl(c.id), undefined],
      ['POST', recordsUrl(c.id), { channel: 'call', summary: '越权' }],
      ['GET', eventsUrl(c.id), undefined],
      ['POST', eventsUrl(c.id), eventBody],
      ['PUT', `${eventsUrl(c.id)}/${event.id}`, eventBody],
      ['DELETE', `${eventsUrl(c.id)}/${event.id}`, undefined],
    ] as const) {
      const response = await send(method, url, body, as.hz);
      expectProblem(response, 404, 'CUSTOMER_NOT_FOUND');
      expect(await t.auditEntries(response), `${method} ${url}`).toEqual([]);
    }
    // Nothing changed.
    expect((await contacts(c.id)).map((x) => x.name)).toEqual(['沪家属']);
    expect((await accounts(c.id)).map((x) => x.id)).toEqual([account.id]);
    expect(ok<Page<CustomerEvent>>(await send('GET', eventsUrl(c.id))).total).toBe(1);
    expect(ok<Page<ContactRecord>>(await send('GET', recordsUrl(c.id))).total).toBe(0);
  });

  it('a project-scoped user sees the profile of customers of its project only, and only rooms it sees', async () => {
    // A customer of 春申苑 (not the handler's project) who also held a 邻里花园 room.
    const csyRoom = await admin.roomByCode<Room>(p.csy.id, (await someRoomCode(p.csy.id)) as string);
    const c = await admin.createCustomer({
      name: '跨项目客户',
      moveIn: { roomId: csyRoom.id, role: 'tenant', fromDate: '2025-01-01' },
    });
    ok(await send('POST', recordsUrl(c.id), { channel: 'visit', summary: '春申苑上门', roomId: csyRoom.id }), 201);
    expectProblem(await send('GET', recordsUrl(c.id), undefined, as.handler), 404, 'CUSTOMER_NOT_FOUND');
    ok(
      await send('POST', `/api/customers/${c.id}/occupancies`, {
        roomId: wangRoom.id,
        role: 'resident',
        fromDate: '2025-02-01',
      }),
    );
    const seen = ok<Page<ContactRecord>>(await send('GET', recordsUrl(c.id), undefined, as.handler));
    // The record is visible, the 春申苑 room it names is not.
    expect(seen.data.map((r) => [r.summary, r.roomId, r.roomCode])).toEqual([['春申苑上门', null, null]]);
    const full = ok<Page<ContactRecord>>(await send('GET', recordsUrl(c.id)));
    expect(full.data[0]?.roomCode).toBe(csyRoom.code);
    // Delivery (邻里花园 and 滨江壹号) may not name the 春申苑 room either.
    expect422(
      await send('POST', eventsUrl(c.id), eventBodyWithRoom(csyRoom.id), as.delivery),
      'ROOM_NOT_OF_CUSTOMER',
      'roomId',
    );
    ok(await send('POST', eventsUrl(c.id), eventBodyWithRoom(wangRoom.id), as.delivery), 201);
  });

  it('unknown customers are 404 on every route', async () => {
    const id = randomUUID();
    for (const url of [contactsUrl(id), accountsUrl(id), recordsUrl(id), eventsUrl(id)]) {
      expectProblem(await send('GET', url), 404, 'CUSTOMER_NOT_FOUND');
    }
    expectProblem(
      await send('POST', contactsUrl(id), { kind: 'family', name: '甲', relation: 'spouse' }),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    expectInvalid(await send('GET', '/api/customers/not-a-uuid/contacts'), 'id');
    expectInvalid(await send('DELETE', `${contactsUrl(wang.id)}/not-a-uuid`), 'contactId');
  });
});

const eventBodyWithRoom = (roomId: string) => ({
  category: 'key_customer',
  occurredOn: '2026-05-01',
  description: '重要客户',
  roomId,
});

describe('anonymising a customer', () => {
  it('clears its contacts’ names and mobiles, deletes its bank accounts, and closes the profile to changes', async () => {
    const c = await freshCustomer('钱档案');
    const [m1, m2] = [mobileNumber(), mobileNumber()];
    const number = cardNumber();
    const contact = await addContact(c.id, {
      kind: 'family',
      name: '钱家属',
      relation: 'spouse',
      mobile: m1,
      notes: '住对门',
    });
    await addContact(c.id, { kind: 'emergency', name: '钱紧急', relation: 'friend', mobile: m2, gender: 'male' });
    const account = await addAccount(c.id, { accountName: '钱档案', accountNumber: number });
    const event = await addEvent(c.id, {});
    ok(await send('POST', recordsUrl(c.id), { channel: 'call', summary: '来电' }), 201);

    const response = await send('POST', `/api/customers/${c.id}/anonymise`);
    ok(response);
    const [entry] = await t.auditEntries(response);
    expect(entry).toMatchObject({
      action: 'customer.anonymise',
      after: { contactsAnonymised: 2, bankAccountsDeleted: 1 },
    });

    const left = await contacts(c.id);
    expect(left.map((x) => [x.kind, x.name, x.relation, x.mobile, x.gender, x.notes])).toEqual([
      ['family', '已匿名', 'spouse', null, null, null],
      ['emergency', '已匿名', 'friend', null, null, null],
    ]);
    const stored = await t.deps.db.select().from(customerContact).where(eq(customerContact.customerId, c.id));
    expect(JSON.stringify(stored)).not.toMatch(/钱家属|钱紧急|住对门/);
    expectNothingSecret(stored, m1, m2);
    expect(await accounts(c.id)).toEqual([]);
    expect(await t.deps.db.select().from(customerBankAccount).where(eq(customerBankAccount.customerId, c.id))).toEqual(
      [],
    );

    const reason = { reason: '核实身份' };
    for (const [method, url, body] of [
      ['POST', contactsUrl(c.id), { kind: 'family', name: '新', relation: 'spouse' }],
      ['PUT', `${contactsUrl(c.id)}/${contact.id}`, { kind: 'family', name: '钱家属', relation: 'spouse', mobile: m1 }],
      ['DELETE', `${contactsUrl(c.id)}/${contact.id}`, undefined],
      ['POST', `${contactsUrl(c.id)}/${contact.id}/reveal`, reason],
      ['POST', accountsUrl(c.id), { bankName: '中国银行', accountName: '钱档案', accountNumber: number }],
      ['POST', `${accountsUrl(c.id)}/${account.id}/reveal`, reason],
      ['POST', recordsUrl(c.id), { channel: 'call', summary: '来电' }],
      ['POST', eventsUrl(c.id), { category: 'other', occurredOn: '2026-01-01', description: '事件' }],
      ['PUT', `${eventsUrl(c.id)}/${event.id}`, { category: 'other', occurredOn: '2026-01-01', description: '事件' }],
      ['DELETE', `${eventsUrl(c.id)}/${event.id}`, undefined],
    ] as const) {
      expectProblem(await send(method, url, body), 409, 'CUSTOMER_ANONYMISED');
    }
    // History stays readable.
    expect(ok<Page<ContactRecord>>(await send('GET', recordsUrl(c.id))).total).toBe(1);
    expect(ok<Page<CustomerEvent>>(await send('GET', eventsUrl(c.id))).total).toBe(1);
  });
});

describe('demo customers', () => {
  it('have family members, emergency contacts, bank accounts, contact records and events, consistently', async () => {
    const demoIds = demoPeople;
    expect(demoIds.length).toBeGreaterThan(200);
    const contactRows = await t.deps.db
      .select()
      .from(customerContact)
      .where(inArray(customerContact.customerId, demoIds));
    const withFamily = new Set(contactRows.filter((r) => r.kind === 'family').map((r) => r.customerId));
    const emergency = contactRows.filter((r) => r.kind === 'emergency');
    // A realistic share, not everyone and not a token few.
    expect(withFamily.size / demoIds.length).toBeGreaterThan(0.2);
    expect(withFamily.size / demoIds.length).toBeLessThan(0.8);
    expect(emergency.length).toBeGreaterThan(10);
    expect(emergency.every((r) => r.mobile && /^1[3-9]\d{9}$/.test(r.mobile))).toBe(true);
    const relations = new Set(
      ok<{ code: string }[]>(await send('GET', '/api/dictionary-items/contact_relation')).map((i) => i.code),
    );
    expect(contactRows.every((r) => relations.has(r.relation))).toBe(true);

    const accountRows = await t.deps.db
      .select()
      .from(customerBankAccount)
      .where(inArray(customerBankAccount.customerId, demoIds));
    expect(new Set(accountRows.map((a) => a.customerId)).size).toBeGreaterThan(20);
    for (const a of accountRows) {
      const plain = t.deps.secrets.decrypt(a.accountNumberEncrypted);
      expect(plain).toMatch(/^\d{16,19}$/);
      expect(a.accountNumberHash).toBe(t.deps.secrets.hash(plain));
      expect(a.accountNumberMasked).toBe(maskCard(plain));
      expect(a.bankName).toMatch(/银行/);
      expect(a.branch).toMatch(/支行|分行|营业部/);
    }
    const byCustomer = new Map<string, number>();
    for (const a of accountRows) if (a.isPrimary) byCustomer.set(a.customerId, (byCustomer.get(a.customerId) ?? 0) + 1);
    expect(new Set(accountRows.map((a) => a.customerId)).size).toBe(byCustomer.size);
    expect([...byCustomer.values()].every((n) => n === 1)).toBe(true);

    const records = await t.deps.db.select().from(contactRecord).where(inArray(contactRecord.customerId, demoIds));
    expect(records.length).toBeGreaterThan(20);
    expect(records.every((r) => r.occurredAt.getTime() <= t.clock.now.getTime() && r.staffName.length > 0)).toBe(true);
    const events = await t.deps.db.select().from(customerEvent).where(inArray(customerEvent.customerId, demoIds));
    expect(events.length).toBeGreaterThan(5);
    const categories = new Set(
      ok<{ code: string }[]>(await send('GET', '/api/dictionary-items/customer_event_category')).map((i) => i.code),
    );
    expect(events.every((e) => categories.has(e.category))).toBe(true);
    // Rooms named on records and events are the customer's own.
    for (const r of [...records, ...events].filter((x) => x.roomId)) {
      const [held] = await t.deps.db
        .select({ n: count() })
        .from(occupancy)
        .where(and(eq(occupancy.customerId, r.customerId), eq(occupancy.roomId, String(r.roomId))));
      expect(held?.n).toBeGreaterThan(0);
    }
  });
});
