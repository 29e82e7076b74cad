// The columns a rooms-and-customers spreadsheet may carry, the names people give them, and how
// the header row is found under title rows. Pure, so the preview and the job agree.

export const importFields = [
  'projectName',
  'projectCode',
  'building',
  'unit',
  'floor',
  'roomNumber',
  'roomCode',
  'roomType',
  'grossArea',
  'netArea',
  'layout',
  'orientation',
  'roomStatus',
  'deliveryDate',
  'customerName',
  'customerKind',
  'idType',
  'idNumber',
  'mobile',
  'gender',
  'role',
  'moveInDate',
  'contractNo',
  'handoverLetterNo',
] as const;
export type ImportField = (typeof importFields)[number];

/** Without these a row cannot be placed: a project (by name or code), a building and a room number. */
export const requiredFields: readonly ImportField[] = ['building', 'roomNumber'];

/**
 * Header texts seen in spreadsheets from other systems and from hand-made lists, compared after
 * normalising (spaces, brackets with units, colons and case dropped). The first name is the one
 * the rejected-rows file and the mapping screen show.
 */
export const fieldAliases: Record<ImportField, readonly string[]> = {
  projectName: ['项目名称', '项目', '小区名称', '小区', '楼盘名称', '楼盘', '管理处', 'project'],
  projectCode: ['项目编码', '项目代码', '项目编号', 'projectcode'],
  building: ['楼栋', '楼栋名称', '楼栋号', '楼号', '栋号', '栋', '幢号', '幢', 'building'],
  unit: ['单元', '单元号', '单元名称', 'unit'],
  floor: ['楼层', '层', '所在楼层', '层数', 'floor'],
  roomNumber: ['房号', '房间号', '门牌号', '室号', '房间', 'room', 'roomnumber'],
  roomCode: ['房间编码', '房屋编码', '房间代码', '房产编码', '房间编号', 'roomcode'],
  roomType: ['房屋类型', '房间类型', '物业类型', '房产类型', '用途', 'roomtype'],
  grossArea: ['建筑面积', '面积', '产权面积', 'grossarea'],
  netArea: ['套内面积', '使用面积', '套内建筑面积', 'netarea'],
  layout: ['户型', '房型', 'layout'],
  orientation: ['朝向', 'orientation'],
  roomStatus: ['房屋状态', '房间状态', '房态', 'status'],
  deliveryDate: ['交付日期', '交房日期', '竣工交付日期', 'deliverydate'],
  customerName: ['客户姓名', '客户名称', '业主姓名', '业主名称', '姓名', '业主', '客户', 'name', 'customername'],
  customerKind: ['客户类型', '客户性质', '客户类别', 'customerkind'],
  idType: ['证件类型', '证件类别', 'idtype'],
  idNumber: ['证件号码', '证件号', '身份证号码', '身份证号', '身份证', '统一社会信用代码', 'idnumber'],
  mobile: ['手机号码', '手机号', '手机', '移动电话', '联系电话', '联系方式', '电话', 'mobile', 'phone'],
  gender: ['性别', 'gender'],
  role: ['客户身份', '身份', '迁入性质', '客户关系', '关系', 'role'],
  moveInDate: ['入伙日期', '迁入日期', '收楼日期', '入住日期', 'moveindate'],
  contractNo: ['购房合同号', '合同号', '合同编号', '购房合同编号', 'contractno'],
  handoverLetterNo: ['收楼书号', '收楼书编号', '交接书编号', '交接书号', 'handoverletterno'],
};

/** 建筑面积（㎡） → 建筑面积; "客户 姓名：" → 客户姓名; case folded. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[（(［[【][^）)］\]】]*[）)］\]】]/g, '')
    .replace(/[\s:：*＊_\-—/]/g, '')
    .toLowerCase();
}

const aliasIndex = new Map<string, ImportField>();
for (const field of importFields) {
  for (const alias of fieldAliases[field]) {
    const key = normaliseHeader(alias);
    if (!aliasIndex.has(key)) aliasIndex.set(key, field);
  }
}

export function fieldForHeader(text: string): ImportField | undefined {
  const key = normaliseHeader(text);
  return key ? aliasIndex.get(key) : undefined;
}

/** Field → 0-based column index, from one header row; the first column wins a field named twice. */
export function autoMapping(headers: readonly string[]): Partial<Record<ImportField, number>> {
  const mapping: Partial<Record<ImportField, number>> = {};
  headers.forEach((header, index) => {
    const field = fieldForHeader(header);
    if (field && mapping[field] === undefined) mapping[field] = index;
  });
  return mapping;
}

/** How many rows from the top are searched for the header (title rows, notes, merged banners). */
export const HEADER_SEARCH_ROWS = 20;

/**
 * The header row is the first of the top rows that names the most known fields (at least two).
 * A merged title row carries one text (and an export date line, none); a two-level header's
 * group row ("房间信息" over 楼栋/单元/房号) names none, so the row below it wins.
 * Returns the index within `rows` or -1.
 */
export function detectHeaderRow(
  rows: readonly (readonly string[])[],
  /** Which known column a header text names (another import passes its own columns). */
  columnOf: (header: string) => string | undefined = fieldForHeader,
): number {
  let best = -1;
  let bestCount = 1;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
    const fields = new Set(cells.map(columnOf).filter(Boolean));
    if (fields.size > bestCount) {
      best = index;
      bestCount = fields.size;
    }
  });
  return best;
}
