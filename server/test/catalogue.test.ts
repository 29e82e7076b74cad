import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/db/seeds/bootstrap.js';
import { defaultCatalogue, type SeedCategory, type SeedItem } from '../src/db/seeds/catalogue.js';
import { builtinDictionaries } from '../src/db/seeds/dictionaries.js';
import type { CatalogueTreeNode, ImportResult, SearchHit } from '../src/modules/catalogue/catalogue.schema.js';
import { createTestApp, json, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});

afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const send = (method: Method, url: string, payload?: object, cookie = admin) =>
  t.inject({ method, url, cookie, ...(payload ? { payload } : {}) });

function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json<{ code: string; detail: string; errors?: { field: string; message: string }[] }>(response);
  expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
  return body;
}

async function tree(activeOnly = false, cookie = admin): Promise<CatalogueTreeNode[]> {
  const response = await send('GET', `/api/catalogue/tree?activeOnly=${activeOnly}`, undefined, cookie);
  expect(response.statusCode, response.body).toBe(200);
  return json<CatalogueTreeNode[]>(response);
}

function flatten(nodes: CatalogueTreeNode[]): CatalogueTreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

async function nodeAt(...names: string[]): Promise<CatalogueTreeNode> {
  let level = await tree();
  let node: CatalogueTreeNode | undefined;
  for (const name of names) {
    node = level.find((n) => n.name === name);
    if (!node) throw new Error(`no ${names.join(' › ')}`);
    level = node.children;
  }
  return node as CatalogueTreeNode;
}

async function search(q: string, extra = ''): Promise<SearchHit[]> {
  const response = await send('GET', `/api/catalogue/search?q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode, response.body).toBe(200);
  return json<SearchHit[]>(response);
}

let seq = 0;
const uniqueName = (prefix: string) => `${prefix}${++seq}`;

const itemPayload = (parentId: string, overrides: Record<string, unknown> = {}) => ({
  parentId,
  name: uniqueName('测试问题'),
  ticketTypes: ['repair', 'complaint'],
  department: 'engineering',
  severity: 'normal',
  responseMinutes: 60,
  resolutionMinutes: 480,
  calendarTime: false,
  returnVisitRequired: true,
  trade: 'plumbing',
  ...overrides,
});

async function createCategory(name: string, parentId: string | null = null, cookie = admin) {
  const response = await send('POST', '/api/catalogue/categories', { parentId, name }, cookie);
  expect(response.statusCode, response.body).toBe(200);
  return json<CatalogueTreeNode>(response);
}

async function createItem(parentId: string, overrides: Record<string, unknown> = {}) {
  const response = await send('POST', '/api/catalogue/items', itemPayload(parentId, overrides));
  expect(response.statusCode, response.body).toBe(200);
  return json<CatalogueTreeNode>(response);
}

async function multipart(file?: { name: string; data: Buffer }) {
  const form = new FormData();
  if (file) form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type') as string },
  };
}

async function upload(file: { name: string; data: Buffer } | undefined, cookie = admin) {
  return t.inject({ method: 'POST', url: '/api/catalogue/import', cookie, ...(await multipart(file)) });
}

const importHeader = [
  '一级分类',
  '二级分类',
  '问题名称',
  '编码',
  '适用类型',
  '处理部门',
  '紧急程度',
  '响应时限（小时）',
  '处理时限（小时）',
  '是否回访',
  '专业',
  '是否按自然时间',
];

/** A workbook as people make them: a merged title over the header. The first data row is row 3. */
async function workbook(rows: unknown[][], header = importHeader): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('标准库');
  ws.addRow(['邻里物业 投诉问题标准库（2026 版）']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function sheetRows(response: LightMyRequestResponse): Promise<unknown[][]> {
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('the default catalogue', () => {
  it('is seeded at bootstrap with realistic limits, departments and trades', async () => {
    const roots = await tree();
    expect(roots.map((r) => r.name)).toEqual([
      '房屋质量',
      '公共设施',
      '环境与保洁',
      '安全秩序',
      '停车管理',
      '物业服务态度',
      '收费问题',
      '咨询类',
      '建议与表扬',
    ]);
    const quality = roots[0] as CatalogueTreeNode;
    expect(quality.children.map((c) => c.name)).toEqual(
      expect.arrayContaining(['渗漏', '裂缝', '门窗', '给排水', '电气', '装修']),
    );
    const leak = await nodeAt('房屋质量', '渗漏', '卫生间渗漏');
    expect(leak).toMatchObject({
      kind: 'item',
      code: '010103',
      nameInitials: 'wsjsl',
      namePinyin: 'weishengjianshenlou',
      ticketTypes: ['repair', 'complaint'],
      department: 'engineering',
      severity: 'normal',
      responseMinutes: 120,
      resolutionMinutes: 3 * 8 * 60,
      calendarTime: false,
      returnVisitRequired: true,
      trade: 'wet_room_waterproofing',
      active: true,
      effectiveActive: true,
    });
    expect(await nodeAt('房屋质量', '渗漏', '屋面渗漏')).toMatchObject({ trade: 'roof_waterproofing' });
    expect(await nodeAt('房屋质量', '电气', '跳闸')).toMatchObject({ trade: 'electrical' });
    expect(await nodeAt('房屋质量', '给排水', '下水堵塞')).toMatchObject({ trade: 'plumbing' });
    expect(await nodeAt('房屋质量', '装修', '瓷砖脱落')).toMatchObject({ trade: 'decoration' });
    expect(await nodeAt('房屋质量', '门窗', '玻璃破损')).toMatchObject({ trade: 'doors_windows' });
    expect(await nodeAt('公共设施', '电梯', '电梯困人')).toMatchObject({
      severity: 'urgent',
      calendarTime: true,
      responseMinutes: 15,
      resolutionMinutes: 120,
    });
    expect(await nodeAt('咨询类', '物业费标准')).toMatchObject({
      ticketTypes: ['consultation', 'query'],
      returnVisitRequired: false,
      responseMinutes: 30,
    });
    expect(await nodeAt('安全秩序', '治安', '高空抛物')).toMatchObject({ department: 'security', calendarTime: true });
    expect(quality.itemCount).toBeGreaterThan(25);
  });

  it('names only dictionary codes, keeps names unique among siblings and limits in order', () => {
    const codes = (dict: string) => new Set(builtinDictionaries.find((d) => d.code === dict)?.items.map((i) => i[0]));
    const departments = codes('handling_department');
    const trades = codes('trade');
    const walk = (nodes: (SeedCategory | SeedItem)[]) => {
      const names = nodes.map((n) => n.name);
      expect(new Set(names).size, names.join()).toBe(names.length);
      for (const node of nodes) {
        if ('children' in node) {
          walk(node.children);
          continue;
        }
        expect(departments.has(node.department), node.name).toBe(true);
        if (node.trade) expect(trades.has(node.trade), node.name).toBe(true);
        expect(node.resolution, node.name).toBeGreaterThanOrEqual(node.response);
        expect(node.types.length, node.name).toBeGreaterThan(0);
        if (node.severity === 'urgent') expect(node.calendar, node.name).toBe(true);
      }
    };
    walk(defaultCatalogue);
  });

  it('is not seeded twice', async () => {
    const before = flatten(await tree()).length;
    await bootstrap(t.deps);
    expect(flatten(await tree()).length).toBe(before);
  });
});

describe('search for reception', () => {
  it('finds 卫生间渗漏 by pinyin initials, full pinyin, a name part and its code, with its path', async () => {
    const [first] = await search('wsj');
    expect(first).toMatchObject({
      name: '卫生间渗漏',
      code: '010103',
      categories: ['房屋质量', '渗漏'],
      pathText: '房屋质量 › 渗漏 › 卫生间渗漏',
      severity: 'normal',
      responseMinutes: 120,
      resolutionMinutes: 1440,
      trade: 'wet_room_waterproofing',
      department: 'engineering',
    });
    expect((await search('wsjsl'))[0]?.name).toBe('卫生间渗漏');
    expect((await search('WSJSL'))[0]?.name).toBe('卫生间渗漏');
    expect((await search('weisheng'))[0]?.name).toBe('卫生间渗漏');
    expect((await search('卫生间'))[0]?.name).toBe('卫生间渗漏');
    expect((await search('010103'))[0]?.name).toBe('卫生间渗漏');
    // Initials inside a name: every 渗漏 item.
    const leaks = (await search('sl')).map((h) => h.name);
    expect(leaks).toEqual(expect.arrayContaining(['屋面渗漏', '卫生间渗漏', '厨房渗漏']));
    // Spaces are ignored.
    expect((await search('卫生间 渗漏'))[0]?.name).toBe('卫生间渗漏');
  });

  it('finds items through their category and ranks the direct hits first', async () => {
    const hits = await search('电梯');
    expect(hits.map((h) => h.name)).toEqual(expect.arrayContaining(['电梯困人', '电梯故障', '电梯异响']));
    expect(hits.every((h) => h.pathText.startsWith('公共设施 › 电梯') || h.name.includes('电梯'))).toBe(true);
    const byCategory = await search('门窗');
    expect(byCategory.map((h) => h.name)).toEqual(expect.arrayContaining(['入户门故障', '窗户密封不良']));
    // 门窗五金损坏 holds the text itself, so it comes before items found through the category.
    expect(byCategory[0]?.name).toBe('门窗五金损坏');
  });

  it('filters by ticket type, limits the hits and treats wildcards as text', async () => {
    expect((await search('wyf', '&type=consultation')).map((h) => h.name)).toContain('物业费标准');
    expect(await search('wsj', '&type=consultation')).toEqual([]);
    expect((await search('s', '&limit=3')).length).toBe(3);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('refuses a missing text, an unknown type and a silly limit', async () => {
    expectProblem(await send('GET', '/api/catalogue/search'), 400, 'VALIDATION_FAILED');
    expectProblem(await send('GET', '/api/catalogue/search?q='), 400, 'VALIDATION_FAILED');
    expectProblem(await send('GET', '/api/catalogue/search?q=wsj&type=fire'), 400, 'VALIDATION_FAILED');
    expectProblem(await send('GET', '/api/catalogue/search?q=wsj&limit=500'), 400, 'VALIDATION_FAILED');
    expectProblem(await send('GET', '/api/catalogue/search?q=wsj&extra=1'), 400, 'VALIDATION_FAILED');
  });
});

describe('categories and items', () => {
  it('creates a category and an item with generated positional codes and pinyin keys', async () => {
    const top = await createCategory('智能化设施');
    expect(top).toMatchObject({ kind: 'category', parentId: null, code: '10', nameInitials: 'znhss', itemCount: 0 });
    const sub = await createCategory('智能门锁', top.id);
    expect(sub.code).toBe('1001');
    const item = await createItem(sub.id, { name: '门锁无法识别指纹', trade: 'doors_windows' });
    expect(item).toMatchObject({ code: '100101', nameInitials: 'mswfsbzw', effectiveActive: true });
    expect((await search('mswf'))[0]).toMatchObject({
      name: '门锁无法识别指纹',
      pathText: '智能化设施 › 智能门锁 › 门锁无法识别指纹',
    });
    expect((await nodeAt('智能化设施')).itemCount).toBe(1);
    // The tree keeps creation order at the end.
    expect((await tree()).at(-1)?.name).toBe('智能化设施');
  });

  it('takes a code that is given, and refuses one in use (case does not matter)', async () => {
    const parent = await createCategory(uniqueName('编码测试'));
    const item = await createItem(parent.id, { code: 'ZX-001' });
    expect(item.code).toBe('ZX-001');
    const clash = await send('POST', '/api/catalogue/items', itemPayload(parent.id, { code: 'zx-001' }));
    expect(expectProblem(clash, 409, 'CODE_TAKEN').errors?.[0]?.field).toBe('code');
    expectProblem(
      await send('POST', '/api/catalogue/categories', { name: '坏编码', code: '编码' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('validates an item with messages under the fields', async () => {
    const parent = await nodeAt('房屋质量', '渗漏');
    const messageFor = async (overrides: Record<string, unknown>, field: string) => {
      const body = expectProblem(
        await send('POST', '/api/catalogue/items', itemPayload(parent.id, overrides)),
        400,
        'VALIDATION_FAILED',
      );
      return body.errors?.find((e) => e.field === field)?.message;
    };
    expect(await messageFor({ ticketTypes: [] }, 'ticketTypes')).toBe('请至少选择一种适用类型');
    expect(await messageFor({ ticketTypes: ['repair', 'repair'] }, 'ticketTypes')).toBe('适用类型重复');
    expect(await messageFor({ ticketTypes: ['fire'] }, 'ticketTypes.0')).toBeTruthy();
    expect(await messageFor({ responseMinutes: 0 }, 'responseMinutes')).toBe('时限须为正整数（分钟）');
    expect(await messageFor({ responseMinutes: -5 }, 'responseMinutes')).toBe('时限须为正整数（分钟）');
    expect(await messageFor({ responseMinutes: 1.5 }, 'responseMinutes')).toBe('时限须为正整数（分钟）');
    expect(await messageFor({ resolutionMinutes: 600_000 }, 'resolutionMinutes')).toBe('时限不能超过一年');
    expect(await messageFor({ responseMinutes: 120, resolutionMinutes: 60 }, 'resolutionMinutes')).toBe(
      '处理时限不能短于响应时限',
    );
    expect(await messageFor({ name: '' }, 'name')).toBeTruthy();
    expect(await messageFor({ severity: 'critical' }, 'severity')).toBeTruthy();
    expect(await messageFor({ parentId: 'x' }, 'parentId')).toBeTruthy();
    // Unknown fields are refused (no mass assignment).
    await messageFor({ active: false }, '');
    // Dictionary codes.
    const badDepartment = expectProblem(
      await send('POST', '/api/catalogue/items', itemPayload(parent.id, { department: 'kitchen' })),
      422,
      'DICTIONARY_CODE_INVALID',
    );
    expect(badDepartment.detail).toContain('处理部门');
    expect(badDepartment.errors?.[0]?.field).toBe('department');
    const badTrade = expectProblem(
      await send('POST', '/api/catalogue/items', itemPayload(parent.id, { trade: 'magic' })),
      422,
      'DICTIONARY_CODE_INVALID',
    );
    expect(badTrade.errors?.[0]?.field).toBe('trade');
    // No trade is fine (服务类问题).
    expect((await createItem(parent.id, { trade: null })).trade).toBeNull();
  });

  it('answers in English when asked', async () => {
    const parent = await nodeAt('房屋质量', '渗漏');
    const response = await t.inject({
      method: 'POST',
      url: '/api/catalogue/items',
      cookie: admin,
      headers: { 'accept-language': 'en-US' },
      payload: itemPayload(parent.id, { responseMinutes: 120, resolutionMinutes: 60 }),
    });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toBe('The resolution limit cannot be shorter than the response limit');
  });

  it('hangs nodes only under categories, keeps sibling names unique', async () => {
    const leak = await nodeAt('房屋质量', '渗漏', '卫生间渗漏');
    const underItem = expectProblem(
      await send('POST', '/api/catalogue/items', itemPayload(leak.id)),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    expect(underItem.errors?.[0]?.field).toBe('parentId');
    expectProblem(
      await send('POST', '/api/catalogue/categories', { parentId: leak.id, name: '子分类' }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    expectProblem(
      await send('POST', '/api/catalogue/categories', {
        parentId: '00000000-0000-4000-8000-000000000000',
        name: '孤儿',
      }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    // An item needs a parent.
    expectProblem(
      await send('POST', '/api/catalogue/items', { ...itemPayload(leak.id), parentId: null }),
      400,
      'VALIDATION_FAILED',
    );
    const parent = await nodeAt('房屋质量', '渗漏');
    const twin = expectProblem(
      await send('POST', '/api/catalogue/items', itemPayload(parent.id, { name: '卫生间渗漏' })),
      409,
      'CATALOGUE_NAME_TAKEN',
    );
    expect(twin.detail).toContain('卫生间渗漏');
    expectProblem(await send('POST', '/api/catalogue/categories', { name: '房屋质量' }), 409, 'CATALOGUE_NAME_TAKEN');
    // The same name elsewhere is fine.
    await createItem((await nodeAt('房屋质量', '裂缝')).id, { name: '卫生间渗漏' });
  });

  it('updates an item: limits, name (and its pinyin) and place', async () => {
    const cracks = await nodeAt('房屋质量', '裂缝');
    const item = await createItem(cracks.id, { name: '阳台栏杆松动' });
    const changed = await send('PUT', `/api/catalogue/items/${item.id}`, {
      ...itemPayload(cracks.id),
      name: '阳台护栏松动',
      resolutionMinutes: 960,
      severity: 'high',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed)).toMatchObject({
      name: '阳台护栏松动',
      nameInitials: 'ythlsd',
      resolutionMinutes: 960,
      code: item.code,
    });
    expect((await search('ythl'))[0]?.name).toBe('阳台护栏松动');
    // Moved to 门窗 with a new code.
    const doors = await nodeAt('房屋质量', '门窗');
    const moved = await send('PUT', `/api/catalogue/items/${item.id}`, {
      ...itemPayload(doors.id),
      name: '阳台护栏松动',
      code: 'MC-HL',
    });
    expect(json(moved)).toMatchObject({ parentId: doors.id, code: 'MC-HL' });
    expect((await search('ythl'))[0]?.pathText).toBe('房屋质量 › 门窗 › 阳台护栏松动');
    // An item id is not a category, and the other way round.
    expectProblem(
      await send('PUT', `/api/catalogue/categories/${item.id}`, { name: '错' }),
      404,
      'CATALOGUE_NODE_NOT_FOUND',
    );
    expectProblem(
      await send('PUT', `/api/catalogue/items/${doors.id}`, itemPayload(doors.id)),
      404,
      'CATALOGUE_NODE_NOT_FOUND',
    );
    expectProblem(
      await send('PUT', '/api/catalogue/items/00000000-0000-4000-8000-000000000000', itemPayload(doors.id)),
      404,
      'CATALOGUE_NODE_NOT_FOUND',
    );
  });

  it('moves a category with its subtree, refuses cycles and depth beyond five levels', async () => {
    const a = await createCategory(uniqueName('迁移甲'));
    const b = await createCategory('乙', a.id);
    const c = await createCategory('丙', b.id);
    const leaf = await createItem(c.id, { name: uniqueName('深处问题') });
    const target = await createCategory(uniqueName('迁移目标'));
    // b (with c and the item) moves under target.
    const moved = await send('PUT', `/api/catalogue/categories/${b.id}`, {
      parentId: target.id,
      name: '乙',
      code: b.code,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const [hit] = await search(leaf.name);
    expect(hit?.pathText).toBe(`${target.name} › 乙 › 丙 › ${leaf.name}`);
    expect((await nodeAt(target.name)).itemCount).toBe(1);
    expect((await nodeAt(a.name)).itemCount).toBe(0);
    // Under itself or its own descendant: refused.
    const self = expectProblem(
      await send('PUT', `/api/catalogue/categories/${b.id}`, { parentId: b.id, name: '乙' }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    expect(self.detail).toContain('下级');
    expectProblem(
      await send('PUT', `/api/catalogue/categories/${b.id}`, { parentId: c.id, name: '乙' }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    // target › 乙 › 丙 › item is four levels; 丁 under 丙 and an item below it makes five …
    const d = await createCategory('丁', c.id);
    await createItem(d.id, { name: uniqueName('第五层') });
    // … and nothing deeper.
    expectProblem(
      await send('POST', '/api/catalogue/categories', { parentId: d.id, name: '戊' }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    // Moving the whole subtree one level down would make it six.
    const x = await createCategory('己', a.id);
    expectProblem(
      await send('PUT', `/api/catalogue/categories/${b.id}`, { parentId: x.id, name: '乙' }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    // Without parentId a category stays where it is; null is the top level.
    const renamed = await send('PUT', `/api/catalogue/categories/${x.id}`, { name: '己改' });
    expect(json(renamed)).toMatchObject({ parentId: a.id, name: '己改', nameInitials: 'jg' });
    // To the top level is fine.
    const top = await send('PUT', `/api/catalogue/categories/${b.id}`, { parentId: null, name: uniqueName('乙') });
    expect(json(top)).toMatchObject({ parentId: null, itemCount: 2 });
  });
});

describe('enabling, disabling, deleting and ordering', () => {
  it('disables a category: its subtree leaves reception and the active tree, and comes back as it was', async () => {
    const cat = await createCategory(uniqueName('停用测试'));
    const kept = await createItem(cat.id, { name: uniqueName('停用甲') });
    const off = await createItem(cat.id, { name: uniqueName('停用乙') });
    expect(json(await send('POST', `/api/catalogue/nodes/${off.id}/disable`))).toMatchObject({
      active: false,
      effectiveActive: false,
    });
    expect(await search(off.name)).toEqual([]);
    expect((await search(kept.name)).length).toBe(1);

    const disabled = json(await send('POST', `/api/catalogue/nodes/${cat.id}/disable`));
    expect(disabled).toMatchObject({ active: false, effectiveActive: false, itemCount: 2 });
    const inTree = await nodeAt(cat.name);
    expect(inTree.children.find((c) => c.id === kept.id)).toMatchObject({ active: true, effectiveActive: false });
    expect(await search(kept.name)).toEqual([]);
    expect(flatten(await tree(true)).some((n) => n.id === cat.id || n.id === kept.id)).toBe(false);

    expect(json(await send('POST', `/api/catalogue/nodes/${cat.id}/enable`))).toMatchObject({ effectiveActive: true });
    expect((await search(kept.name)).length).toBe(1);
    // The item disabled on its own stays disabled.
    expect(await search(off.name)).toEqual([]);
    const activeTree = flatten(await tree(true));
    expect(activeTree.some((n) => n.id === kept.id)).toBe(true);
    expect(activeTree.some((n) => n.id === off.id)).toBe(false);
    // An item enabled under a disabled category is on, but not in effect.
    await send('POST', `/api/catalogue/nodes/${cat.id}/disable`);
    expect(json(await send('POST', `/api/catalogue/nodes/${off.id}/enable`))).toMatchObject({
      active: true,
      effectiveActive: false,
    });
    expectProblem(
      await send('POST', '/api/catalogue/nodes/00000000-0000-4000-8000-000000000000/disable'),
      404,
      'CATALOGUE_NODE_NOT_FOUND',
    );
  });

  it('deletes an item and an empty category, never a category with children', async () => {
    const cat = await createCategory(uniqueName('删除测试'));
    const item = await createItem(cat.id);
    const refused = expectProblem(
      await send('DELETE', `/api/catalogue/nodes/${cat.id}`),
      409,
      'CATALOGUE_HAS_CHILDREN',
    );
    expect(refused.detail).toContain(cat.name);
    expect((await send('DELETE', `/api/catalogue/nodes/${item.id}`)).statusCode).toBe(200);
    expect(await search(item.name)).toEqual([]);
    expect((await send('DELETE', `/api/catalogue/nodes/${cat.id}`)).statusCode).toBe(200);
    expect(flatten(await tree()).some((n) => n.id === cat.id)).toBe(false);
    expectProblem(await send('DELETE', `/api/catalogue/nodes/${cat.id}`), 404, 'CATALOGUE_NODE_NOT_FOUND');
    expectProblem(await send('DELETE', '/api/catalogue/nodes/not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  it('reorders the children of a category, and only with the full list', async () => {
    const cat = await createCategory(uniqueName('排序测试'));
    const one = await createItem(cat.id, { name: '一' });
    const two = await createItem(cat.id, { name: '二' });
    const three = await createItem(cat.id, { name: '三' });
    const ordered = await send('POST', '/api/catalogue/reorder', { parentId: cat.id, ids: [three.id, one.id, two.id] });
    expect(ordered.statusCode, ordered.body).toBe(200);
    expect((await nodeAt(cat.name)).children.map((c) => c.name)).toEqual(['三', '一', '二']);
    expectProblem(
      await send('POST', '/api/catalogue/reorder', { parentId: cat.id, ids: [three.id, one.id] }),
      422,
      'CATALOGUE_REORDER_MISMATCH',
    );
    expectProblem(
      await send('POST', '/api/catalogue/reorder', { parentId: cat.id, ids: [three.id, one.id, one.id] }),
      422,
      'CATALOGUE_REORDER_MISMATCH',
    );
    const leak = await nodeAt('房屋质量', '渗漏', '卫生间渗漏');
    expectProblem(
      await send('POST', '/api/catalogue/reorder', { parentId: leak.id, ids: [leak.id] }),
      422,
      'CATALOGUE_PARENT_INVALID',
    );
    // The top level.
    const roots = await tree();
    const reversed = [...roots].reverse().map((r) => r.id);
    expect((await send('POST', '/api/catalogue/reorder', { parentId: null, ids: reversed })).statusCode).toBe(200);
    expect((await tree()).map((r) => r.id)).toEqual(reversed);
    await send('POST', '/api/catalogue/reorder', { parentId: null, ids: roots.map((r) => r.id) });
  });

  it('records every change in the audit log', async () => {
    const response = await send('GET', '/api/audit?entityType=catalogue_node&pageSize=100');
    expect(response.statusCode, response.body).toBe(200);
    const actions = new Set(json<{ data: { action: string }[] }>(response).data.map((e) => e.action));
    for (const action of [
      'catalogue.seed',
      'catalogue.create',
      'catalogue.update',
      'catalogue.move',
      'catalogue.disable',
      'catalogue.enable',
      'catalogue.delete',
      'catalogue.reorder',
    ]) {
      expect(actions.has(action), action).toBe(true);
    }
  });
});

describe('export and import', () => {
  it("exports the catalogue in the import's columns", async () => {
    const rows = await sheetRows(await send('GET', '/api/catalogue/export'));
    expect(rows[0]).toEqual([...importHeader, '状态']);
    const leak = rows.find((r) => r[2] === '卫生间渗漏' && r[1] === '渗漏');
    expect(leak).toEqual([
      '房屋质量',
      '渗漏',
      '卫生间渗漏',
      '010103',
      '报修、投诉',
      '工程部',
      '较急',
      2,
      24,
      '是',
      '卫生间、厨房和外墙防渗漏',
      '否',
      '启用',
    ]);
    const lift = rows.find((r) => r[2] === '电梯困人');
    expect(lift?.slice(6, 9)).toEqual(['特急', 0.25, 2]);
    expect(lift?.[11]).toBe('是');
    // Items directly under a top-level category have no second level.
    expect(rows.find((r) => r[2] === '物业费标准')?.slice(0, 2)).toEqual(['咨询类', '']);
    const english = await sheetRows(
      await t.inject({
        method: 'GET',
        url: '/api/catalogue/export',
        cookie: admin,
        headers: { 'accept-language': 'en-US' },
      }),
    );
    expect(english[0]?.slice(0, 3)).toEqual(['Category', 'Subcategory', 'Item']);
  });

  it('imports good rows: new categories and items, updates by code and by path, all at once', async () => {
    const file = await workbook([
      [
        '智能家居',
        '智能门禁',
        '人脸识别失败',
        '',
        '报修,投诉',
        '工程部',
        '较急',
        2,
        24,
        '是',
        '设备设施（电梯、消防、弱电）',
        '否',
      ],
      [
        '智能家居',
        '智能门禁',
        '访客码无效',
        'ZN-02',
        '报修',
        'engineering',
        'low',
        '30分钟',
        '4小时',
        '否',
        'equipment',
        '',
      ],
      [
        '房屋质量',
        '渗漏',
        '卫生间渗漏',
        '010103',
        '报修、投诉',
        '工程部',
        '较急',
        2,
        16,
        '是',
        '卫生间、厨房和外墙防渗漏',
        '否',
      ],
      [
        '房屋质量',
        '渗漏',
        '厨房渗漏',
        '',
        '报修、投诉',
        '工程部',
        '较急',
        2,
        24,
        '是',
        '卫生间、厨房和外墙防渗漏',
        '否',
      ],
      ['智能家居', '', '', '', '', '', '', '', '', '', '', ''],
      ['智能家居', '智能门禁 › 云对讲', '云对讲掉线', '', '报修', '工程部', '紧急', 1, '1天', '是', '', '是'],
    ]);
    const response = await upload({ name: '标准库.xlsx', data: file });
    expect(response.statusCode, response.body).toBe(200);
    expect(json<ImportResult>(response)).toEqual({
      applied: true,
      rowCount: 6,
      createdCategories: 3,
      createdItems: 3,
      updatedItems: 1,
      unchangedItems: 1,
      rejected: [],
    });
    expect((await nodeAt('房屋质量', '渗漏', '卫生间渗漏')).resolutionMinutes).toBe(16 * 60);
    expect(await nodeAt('智能家居', '智能门禁', '访客码无效')).toMatchObject({
      code: 'ZN-02',
      severity: 'low',
      responseMinutes: 30,
      resolutionMinutes: 240,
      returnVisitRequired: false,
      ticketTypes: ['repair'],
      trade: 'equipment',
    });
    expect(await nodeAt('智能家居', '智能门禁', '人脸识别失败')).toMatchObject({
      ticketTypes: ['repair', 'complaint'],
      trade: 'equipment',
      calendarTime: false,
    });
    // A day in calendar time is 24 hours.
    expect(await nodeAt('智能家居', '智能门禁', '云对讲', '云对讲掉线')).toMatchObject({
      calendarTime: true,
      resolutionMinutes: 24 * 60,
      severity: 'high',
    });
    expect((await search('rlsb'))[0]?.pathText).toBe('智能家居 › 智能门禁 › 人脸识别失败');
    // Importing the same file again changes nothing.
    const again = json<ImportResult>(await upload({ name: '标准库.xlsx', data: file }));
    expect(again).toMatchObject({
      applied: true,
      createdCategories: 0,
      createdItems: 0,
      updatedItems: 0,
      unchangedItems: 5,
    });
  });

  it('writes nothing when a row is bad, and names each bad row as the spreadsheet numbers it', async () => {
    const before = flatten(await tree()).length;
    const file = await workbook([
      ['批量新分类', '', '好问题', '', '报修', '工程部', '一般', 1, 8, '是', '', '否'], // row 3: good
      ['批量新分类', '', '坏部门', '', '报修', '厨房部', '一般', 1, 8, '是', '', '否'], // 4
      ['批量新分类', '', '时限倒挂', '', '报修', '工程部', '一般', 8, 1, '是', '', '否'], // 5
      [],
      ['', '', '没有分类', '', '报修', '工程部', '一般', 1, 8, '是', '', '否'], // 7
      ['批量新分类', '', '怪类型', '', '报修、维权', '工程部', '一般', 1, 8, '是', '', '否'], // 8
      ['批量新分类', '', '好问题', '', '报修', '工程部', '一般', 1, 8, '是', '', '否'], // 9: repeats row 3
      ['批量新分类', '', '缺时限', '', '报修', '工程部', '一般', '', '', '是', '', '否'], // 10
      ['批量新分类', '', '编码属于分类', '01', '报修', '工程部', '一般', 1, 8, '是', '', '否'], // 11
      ['房屋质量', '渗漏', '卫生间渗漏', 'XX-9', '报修', '工程部', '一般', 1, 8, '是', '', '否'], // 12
      ['房屋质量', '渗漏', '负时限', '', '报修', '工程部', '一般', -1, 8, '也许', '', '否'], // 13
      ['房屋质量', '渗漏 › 卫生间渗漏', '挂在问题下', '', '报修', '工程部', '一般', 1, 8, '是', '', '否'], // 14
    ]);
    const response = await upload({ name: '有错.xlsx', data: file });
    expect(response.statusCode, response.body).toBe(200);
    const result = json<ImportResult>(response);
    expect(result.applied).toBe(false);
    expect(result.rowCount).toBe(11);
    expect(result.rejected.map((r) => r.row)).toEqual([4, 5, 7, 8, 9, 10, 11, 12, 13, 14]);
    const reason = (row: number) => result.rejected.find((r) => r.row === row)?.reason ?? '';
    expect(reason(4)).toContain('处理部门“厨房部”');
    expect(reason(5)).toContain('处理时限不能短于响应时限');
    expect(reason(7)).toContain('一级分类不能为空');
    expect(reason(8)).toContain('维权');
    expect(reason(9)).toContain('第 3 行');
    expect(reason(10)).toContain('响应时限');
    expect(reason(11)).toContain('分类');
    expect(reason(12)).toContain('010103');
    expect(reason(13)).toContain('响应时限');
    expect(reason(13)).toContain('是否回访');
    expect(reason(14)).toContain('是一个问题');
    expect(flatten(await tree()).length).toBe(before);
  });

  it('reads CSV, and an export imported again changes nothing', async () => {
    const csv = `${importHeader.join(',')}\n咨询类,,车位租赁,,咨询,客服部,一般,0.5,2,否,,否\n`;
    const response = await upload({ name: 'catalogue.csv', data: Buffer.from(csv) });
    expect(json<ImportResult>(response)).toMatchObject({ applied: true, createdItems: 1 });
    expect(await nodeAt('咨询类', '车位租赁')).toMatchObject({ responseMinutes: 30, returnVisitRequired: false });

    const exported = await send('GET', '/api/catalogue/export');
    const total = flatten(await tree()).length;
    const again = json<ImportResult>(await upload({ name: '投诉问题标准库.xlsx', data: exported.rawPayload }));
    expect(again.rejected).toEqual([]);
    expect(again).toMatchObject({ applied: true, createdCategories: 0, createdItems: 0, updatedItems: 0 });
    expect(again.unchangedItems).toBeGreaterThan(60);
    expect(flatten(await tree()).length).toBe(total);
  });

  it('refuses files it cannot use', async () => {
    expectProblem(await upload(undefined), 422, 'IMPORT_FILE_MISSING');
    expectProblem(
      await upload({ name: 'old.xls', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }),
      415,
      'IMPORT_FILE_TYPE',
    );
    expectProblem(
      await upload({ name: 'x.csv', data: Buffer.from('姓名,电话\n张三,1\n') }),
      422,
      'CATALOGUE_IMPORT_NO_HEADER',
    );
    const noName = await upload({
      name: 'x.csv',
      data: Buffer.from('一级分类,处理部门,紧急程度\n房屋质量,工程部,一般\n'),
    });
    expect(expectProblem(noName, 422, 'CATALOGUE_IMPORT_COLUMNS_MISSING').detail).toContain('问题名称');
    const big = [
      importHeader.join(','),
      ...Array.from({ length: 5001 }, (_, i) => `大表,,问题${i},,报修,工程部,一般,1,8,是,,否`),
    ];
    expectProblem(
      await upload({ name: 'big.csv', data: Buffer.from(big.join('\n')) }),
      413,
      'CATALOGUE_IMPORT_TOO_MANY_ROWS',
    );
    expect(flatten(await tree()).some((n) => n.name === '大表')).toBe(false);
  });
});

describe('who may read and change it', () => {
  it('lets agents and supervisors read and search, never change', async () => {
    for (const username of ['kefu', 'supervisor', 'handler']) {
      const cookie = await t.login(username);
      expect((await send('GET', '/api/catalogue/tree', undefined, cookie)).statusCode).toBe(200);
      expect((await send('GET', '/api/catalogue/search?q=wsj', undefined, cookie)).statusCode).toBe(200);
      expectProblem(await send('POST', '/api/catalogue/categories', { name: '越权' }, cookie), 403, 'FORBIDDEN');
      expectProblem(await upload({ name: 'x.csv', data: Buffer.from('x') }, cookie), 403, 'FORBIDDEN');
    }
    // 公司领导 has no catalogue.read.
    expectProblem(await send('GET', '/api/catalogue/tree', undefined, await t.login('leader')), 403, 'FORBIDDEN');
  });

  it("keeps a company administrator (hz_admin) from changing the group's catalogue", async () => {
    const hz = await t.login('hz_admin');
    expect((await send('GET', '/api/catalogue/tree', undefined, hz)).statusCode).toBe(200);
    const leak = await nodeAt('房屋质量', '渗漏', '卫生间渗漏');
    const parent = await nodeAt('房屋质量', '渗漏');
    const attempts: [Method, string, object?][] = [
      ['POST', '/api/catalogue/categories', { name: '杭州专用' }],
      ['PUT', `/api/catalogue/categories/${parent.id}`, { name: '渗漏（杭州）', parentId: parent.parentId }],
      ['POST', '/api/catalogue/items', itemPayload(parent.id)],
      ['PUT', `/api/catalogue/items/${leak.id}`, itemPayload(parent.id, { name: '卫生间渗漏' })],
      ['POST', `/api/catalogue/nodes/${leak.id}/disable`],
      ['POST', `/api/catalogue/nodes/${leak.id}/enable`],
      ['DELETE', `/api/catalogue/nodes/${leak.id}`],
      ['POST', '/api/catalogue/reorder', { parentId: parent.id, ids: parent.children.map((c) => c.id) }],
    ];
    for (const [method, url, payload] of attempts) {
      expectProblem(await send(method, url, payload, hz), 403, 'GROUP_SETTING');
    }
    const csv = `${importHeader.join(',')}\n杭州,,杭州问题,,报修,工程部,一般,1,8,是,,否\n`;
    expectProblem(await upload({ name: 'hz.csv', data: Buffer.from(csv) }, hz), 403, 'GROUP_SETTING');
    expect(await nodeAt('房屋质量', '渗漏', '卫生间渗漏')).toMatchObject({ active: true, name: '卫生间渗漏' });
    expect((await tree()).some((n) => n.name === '杭州专用' || n.name === '杭州')).toBe(false);
  });
});
