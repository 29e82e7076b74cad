import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solutionUse } from '../src/modules/casework/casework.table.js';
import { catalogueNode } from '../src/modules/catalogue/catalogue.table.js';
import {
  createTestApp,
  expectChineseProblem,
  expectInvalid,
  expectProblem,
  ok,
  type Page,
  type TestApp,
} from './harness.js';
import { insertTicket } from './ticket-fixtures.js';

interface Article {
  id: string;
  title: string;
  companyId: string | null;
  companyName: string | null;
  usageCount: number;
  matchesNode: boolean;
  editable: boolean;
  catalogueNodes: { id: string; name: string; pathText: string }[];
}

let t: TestApp;
let admin: string;
let kefu: string;
let supervisor: string;
let hzAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  kefu = await t.login('kefu');
  supervisor = await t.login('supervisor');
  hzAdmin = await t.login('hz_admin');
});
afterAll(async () => {
  await t?.close();
});

async function search(cookie: string, query: string): Promise<Page<Article>> {
  return ok<Page<Article>>(await t.inject({ method: 'GET', url: `/api/solutions?${query}`, cookie }));
}

async function nodeId(name: string): Promise<string> {
  const [row] = await t.deps.db
    .select({ id: catalogueNode.id })
    .from(catalogueNode)
    .where(eq(catalogueNode.name, name));
  if (!row) throw new Error(`no catalogue node ${name}`);
  return row.id;
}

describe('search', () => {
  it('finds an article by the pinyin initials of its title, by a part of it and by a keyword', async () => {
    expect((await search(kefu, 'q=mjkbb')).data.map((a) => a.title)).toEqual(['门禁卡补办']);
    expect((await search(kefu, `q=${encodeURIComponent('补办')}`)).data.map((a) => a.title)).toContain('门禁卡补办');
    expect((await search(kefu, `q=${encodeURIComponent('门卡')}`)).data.map((a) => a.title)).toEqual(['门禁卡补办']);
    expect((await search(kefu, 'q=dtkr')).data.map((a) => a.title)).toEqual(['电梯困人应急']);
    expect((await search(kefu, 'q=zzzzqq')).total).toBe(0);
  });

  it('ranks the articles linked to the item asked about, or to a category above it, first', async () => {
    const leak = await nodeId('卫生间渗漏');
    const page = await search(kefu, `catalogueNodeId=${leak}&pageSize=50`);
    expect(page.data[0]?.title).toBe('卫生间渗漏应急处理');
    expect(page.data[0]?.matchesNode).toBe(true);
    expect(page.data[0]?.catalogueNodes.map((n) => n.pathText)).toContain('房屋质量 › 渗漏 › 卫生间渗漏');
    // An article on the category 房屋质量 (above 渗漏 › 卫生间渗漏) also comes before the unrelated ones.
    const category = await nodeId('房屋质量');
    const created = ok<Article>(
      await t.inject({
        method: 'POST',
        url: '/api/solutions',
        cookie: admin,
        payload: { title: '房屋质量问题报修须知', body: '请拍照后报修。', catalogueNodeIds: [category] },
      }),
      201,
    );
    const again = await search(kefu, `catalogueNodeId=${leak}&pageSize=50`);
    const flags = again.data.map((a) => a.matchesNode);
    expect(flags.indexOf(false)).toBeGreaterThan(flags.lastIndexOf(true));
    expect(again.data.find((a) => a.id === created.id)?.matchesNode).toBe(true);
    expect(again.data.filter((a) => a.matchesNode).length).toBeGreaterThanOrEqual(2);
  });

  it('filters by ticket type, keeping the articles for every type', async () => {
    const page = await search(kefu, 'type=praise&pageSize=50');
    expect(page.total).toBeGreaterThan(0);
    expect(page.data.map((a) => a.title)).toContain('房屋质量问题报修须知');
    expect(page.data.map((a) => a.title)).not.toContain('门禁卡补办');
  });
});

describe('group and company articles', () => {
  it('shows the group articles and the own company’s, never another company’s', async () => {
    const shanghai = await search(kefu, 'pageSize=100');
    expect(shanghai.data.find((a) => a.title === '停车月卡办理')?.companyName).toBe('邻里物业上海公司');
    expect(shanghai.data.find((a) => a.title === '门禁卡补办')?.companyId).toBeNull();
    const hangzhou = await search(hzAdmin, 'pageSize=100');
    expect(hangzhou.data.map((a) => a.title)).toContain('门禁卡补办');
    expect(hangzhou.data.map((a) => a.title)).not.toContain('停车月卡办理');
    const parking = shanghai.data.find((a) => a.title === '停车月卡办理') as Article;
    expectProblem(
      await t.inject({ method: 'GET', url: `/api/solutions/${parking.id}`, cookie: hzAdmin }),
      404,
      'SOLUTION_NOT_FOUND',
    );
  });

  it('lets a project office’s supervisor write the company’s articles but not the group’s', async () => {
    const own = ok<Article>(
      await t.inject({
        method: 'POST',
        url: '/api/solutions',
        cookie: supervisor,
        payload: { title: '小区游泳池开放时间', body: '每年 6 月 15 日至 9 月 15 日开放。', keywords: ['泳池'] },
      }),
      201,
    );
    expect(own.companyName).toBe('邻里物业上海公司');
    expect(own.editable).toBe(true);
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: '/api/solutions',
        cookie: supervisor,
        payload: { companyId: null, title: '集团统一答复', body: '……' },
      }),
      403,
      'GROUP_SETTING',
    );
    const group = (await search(supervisor, 'q=mjkbb')).data[0] as Article;
    expect(group.editable).toBe(false);
    expectProblem(
      await t.inject({
        method: 'PUT',
        url: `/api/solutions/${group.id}`,
        cookie: supervisor,
        payload: { title: '门禁卡补办', body: '改写' },
      }),
      403,
      'GROUP_SETTING',
    );
    // hz_admin (杭州公司) does not see the Shanghai article at all.
    expectProblem(
      await t.inject({ method: 'DELETE', url: `/api/solutions/${own.id}`, cookie: hzAdmin }),
      404,
      'SOLUTION_NOT_FOUND',
    );
    const renamed = ok<Article>(
      await t.inject({
        method: 'PUT',
        url: `/api/solutions/${own.id}`,
        cookie: supervisor,
        payload: { title: '游泳池开放时间', body: '每年 6 月 15 日至 9 月 15 日开放，周一闭馆。' },
      }),
    );
    expect((await search(kefu, 'q=yyckfsj')).data.map((a) => a.id)).toEqual([renamed.id]);
    ok(await t.inject({ method: 'DELETE', url: `/api/solutions/${own.id}`, cookie: supervisor }));
    expect((await search(kefu, 'q=yyckfsj')).total).toBe(0);
  });

  it('refuses unknown catalogue nodes and unknown fields', async () => {
    expectChineseProblem(
      await t.inject({
        method: 'POST',
        url: '/api/solutions',
        cookie: admin,
        payload: { title: '测试', body: '测试', catalogueNodeIds: ['00000000-0000-4000-8000-000000000000'] },
      }),
      422,
      'SOLUTION_CATALOGUE_INVALID',
    );
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/api/solutions',
        cookie: admin,
        payload: { title: '测试', body: '测试', usageCount: 99 },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectInvalid(
      await t.inject({ method: 'POST', url: '/api/solutions', cookie: admin, payload: { title: '', body: '测试' } }),
      'title',
    );
  });
});

describe('use counting', () => {
  it('counts each answer given from an article, with the ticket it answered', async () => {
    const article = (await search(kefu, 'q=wyfjnfs')).data[0] as Article;
    expect(article.title).toBe('物业费缴纳方式');
    const ticket = await insertTicket(t, { projectCode: 'SH-LLHY', type: 'consultation', title: '怎么交物业费' });
    const first = ok<{ usageCount: number }>(
      await t.inject({
        method: 'POST',
        url: `/api/solutions/${article.id}/use`,
        cookie: kefu,
        payload: { ticketId: ticket.id },
      }),
    );
    const second = ok<{ usageCount: number }>(
      await t.inject({ method: 'POST', url: `/api/solutions/${article.id}/use`, cookie: kefu, payload: {} }),
    );
    expect([first.usageCount, second.usageCount]).toEqual([article.usageCount + 1, article.usageCount + 2]);
    const uses = await t.deps.db.select().from(solutionUse).where(eq(solutionUse.articleId, article.id));
    expect(uses.map((u) => u.ticketId).sort()).toEqual([null, ticket.id].sort());
    // A ticket of another company is not there for hz_admin to answer.
    expectProblem(
      await t.inject({
        method: 'POST',
        url: `/api/solutions/${article.id}/use`,
        cookie: hzAdmin,
        payload: { ticketId: ticket.id },
      }),
      404,
      'TICKET_NOT_FOUND',
    );
    // The most used come first when nothing else decides.
    const page = await search(kefu, `type=consultation&pageSize=3`);
    expect(page.data[0]?.id).toBe(article.id);
  });
});
