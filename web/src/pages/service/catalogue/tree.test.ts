import { describe, expect, it } from 'vitest';
import { type CatalogueNode, collectIds, filterTree, indexTree, matches, matchRange, parentChoices } from './tree';

let seq = 0;
function node(
  name: string,
  initials: string,
  pinyin: string,
  children: CatalogueNode[] = [],
  extra: Partial<CatalogueNode> = {},
) {
  seq += 1;
  const kind = children.length || extra.kind === 'category' ? 'category' : 'item';
  const n: CatalogueNode = {
    id: `n${seq}`,
    parentId: null,
    kind,
    code: `C${seq}`,
    name,
    namePinyin: pinyin,
    nameInitials: initials,
    sortOrder: seq * 10,
    ticketTypes: kind === 'item' ? ['repair'] : [],
    department: null,
    severity: kind === 'item' ? 'normal' : null,
    responseMinutes: null,
    resolutionMinutes: null,
    calendarTime: false,
    returnVisitRequired: true,
    trade: null,
    active: true,
    effectiveActive: true,
    itemCount: 0,
    updatedAt: '2026-11-24T00:00:00.000Z',
    ...extra,
    children,
  };
  for (const c of children) c.parentId = n.id;
  return n;
}

const bathroom = node('卫生间渗漏', 'wsjsl', 'weishengjianshenlou');
const roof = node('屋面渗漏', 'wmsl', 'wumianshenlou', [], { active: false, effectiveActive: false });
const leaks = node('渗漏', 'sl', 'shenlou', [bathroom, roof]);
const lift = node('电梯困人', 'dtkr', 'diantikunren');
const lifts = node('电梯', 'dt', 'dianti', [lift]);
const quality = node('房屋质量', 'fwzl', 'fangwuzhiliang', [leaks]);
const publicFacilities = node('公共设施', 'ggss', 'gonggongsheshi', [lifts]);
const roots = [quality, publicFacilities];

describe('catalogue tree search', () => {
  it('matches names, pinyin initials, full pinyin and the start of codes', () => {
    expect(matches(bathroom, 'wsj')).toBe(true);
    expect(matches(bathroom, '卫生间')).toBe(true);
    expect(matches(bathroom, 'weisheng')).toBe(true);
    expect(matches(bathroom, bathroom.code.toLowerCase())).toBe(true);
    expect(matches(bathroom, 'dt')).toBe(false);
    expect(matches(bathroom, '  ')).toBe(false);
  });

  it('marks the characters the initials stand for', () => {
    expect(matchRange(bathroom, 'wsj')).toEqual([0, 3]);
    expect(matchRange(bathroom, '渗漏')).toEqual([3, 5]);
    expect(matchRange(bathroom, 'weisheng')).toBeNull();
  });

  it('keeps matches with the categories above them, and the whole of a matching category', () => {
    const hits = filterTree(roots, 'wsj', true);
    expect(collectIds(hits)).toEqual([quality.id, leaks.id, bathroom.id]);
    const byCategory = filterTree(roots, '电梯', true);
    expect(collectIds(byCategory)).toEqual([publicFacilities.id, lifts.id, lift.id]);
    expect(filterTree(roots, 'zzz', true)).toEqual([]);
  });

  it('hides what is out of effect unless asked', () => {
    expect(collectIds(filterTree(roots, '', false))).not.toContain(roof.id);
    expect(collectIds(filterTree(roots, '', true))).toContain(roof.id);
    expect(collectIds(filterTree(roots, 'wmsl', false))).toEqual([]);
  });
});

describe('where a node may move', () => {
  it('offers categories only, never the node itself or what lies below it', () => {
    const index = indexTree(roots);
    const forQuality = collectIds(parentChoices(index, roots, { id: quality.id, kind: 'category' }));
    expect(forQuality).toEqual([publicFacilities.id, lifts.id]);
    const forItem = collectIds(parentChoices(index, roots, { kind: 'item' }));
    expect(forItem).not.toContain(bathroom.id);
    expect(forItem).toContain(leaks.id);
  });
});
