// One spreadsheet row → the room and customer it describes, or the reason it cannot be taken.
// Checks everything that needs no database; the job checks the rest against the ledger.
import { type IdType, idProblemMessages, normaliseIdNumber, readIdentity } from '../../platform/identity.js';
import type { Locale } from '../../platform/locale.js';
import { normaliseMobile } from '../../platform/phone.js';
import type { OccupancyRole } from '../customer/customer.table.js';
import type { RoomStatus, RoomType } from '../property/property.table.js';
import { fieldAliases, type ImportField } from './import.fields.js';
import type { Cell, SheetRow } from './import.reader.js';
import {
  buildingCode,
  floorFromNumber,
  idNumberLostToNumberCell,
  type Parsed,
  parseArea,
  parseDate,
  parseFloor,
  parseGender,
  parseIdType,
  parseKind,
  parseRole,
  parseRoomStatus,
  parseRoomType,
  roomNumber,
  text,
  unitCode,
} from './import.values.js';

export type Mapping = Partial<Record<ImportField, number>>;

export interface RoomData {
  type?: RoomType;
  grossArea?: string;
  netArea?: string;
  layout?: string;
  orientation?: string;
  status?: RoomStatus;
  deliveryDate?: string;
}

export interface CustomerData {
  name: string;
  kind: 'person' | 'organisation';
  idType: IdType | null;
  idNumber: string | null;
  mobile: string | null;
  gender: 'male' | 'female' | null;
  role: OccupancyRole;
  moveInDate: string | null;
  contractNo: string | null;
  handoverLetterNo: string | null;
}

export interface RowData {
  row: number;
  projectName: string | null;
  projectCode: string | null;
  building: string;
  buildingLabel: string;
  unit: string | null;
  unitLabel: string | null;
  floor: number;
  number: string;
  code: string;
  room: RoomData;
  customer: CustomerData | null;
}

export type RowResult = { ok: true; data: RowData } | { ok: false; row: number; reason: string };

const fieldLabelsEn: Record<ImportField, string> = {
  projectName: 'Project',
  projectCode: 'Project code',
  building: 'Building',
  unit: 'Unit',
  floor: 'Floor',
  roomNumber: 'Room number',
  roomCode: 'Room code',
  roomType: 'Room type',
  grossArea: 'Gross area',
  netArea: 'Net area',
  layout: 'Layout',
  orientation: 'Orientation',
  roomStatus: 'Room status',
  deliveryDate: 'Delivery date',
  customerName: 'Customer name',
  customerKind: 'Customer type',
  idType: 'ID type',
  idNumber: 'ID number',
  mobile: 'Mobile',
  gender: 'Gender',
  role: 'Role',
  moveInDate: 'Move-in date',
  contractNo: 'Purchase contract no.',
  handoverLetterNo: 'Handover letter no.',
};

export function fieldLabel(field: ImportField, locale: Locale): string {
  return locale === 'zh-CN' ? (fieldAliases[field][0] as string) : fieldLabelsEn[field];
}

const problems = {
  missing: { 'zh-CN': '不能为空', 'en-US': 'is required' },
  date: { 'zh-CN': '不是有效日期（可写 2024-03-05、2024/3/5 或 2024年3月5日）', 'en-US': 'is not a valid date' },
  area: { 'zh-CN': '不是数字', 'en-US': 'is not a number' },
  floor: { 'zh-CN': '不是有效楼层', 'en-US': 'is not a valid floor' },
  code: { 'zh-CN': '只能包含数字、字母（如 9、9栋、A座）', 'en-US': 'may contain digits and letters only' },
  value: { 'zh-CN': '无法识别', 'en-US': 'is not understood' },
  mobile: { 'zh-CN': '不是有效的手机号码', 'en-US': 'is not a valid mobile number' },
  future: { 'zh-CN': '晚于今天', 'en-US': 'is in the future' },
  numberCell: {
    'zh-CN': '被表格程序存成了数字，后几位已丢失；请把该列设为“文本”后重新录入',
    'en-US': 'was stored as a number by the spreadsheet program and lost its last digits; format the column as text',
  },
  usccPerson: {
    'zh-CN': '个人客户不能使用统一社会信用代码',
    'en-US': 'a person cannot have a social credit code',
  },
  noName: {
    'zh-CN': '填写了客户信息但缺少客户姓名',
    'en-US': 'customer details without a customer name',
  },
} as const;

class RowProblem extends Error {}

/**
 * Reads one row with the mapping. `today` is the Beijing calendar day (no move-in or ID birth
 * date after it).
 */
export function parseRow(sheetRow: SheetRow, mapping: Mapping, locale: Locale, today: string): RowResult {
  const cell = (field: ImportField): Cell => {
    const index = mapping[field];
    return index === undefined ? null : (sheetRow.cells[index] ?? null);
  };
  const fail = (field: ImportField, problem: keyof typeof problems, value?: Cell): never => {
    const shown = value === undefined || value === null ? '' : `“${text(value)}”`;
    const label = fieldLabel(field, locale);
    throw new RowProblem(
      locale === 'zh-CN'
        ? `${label}${shown}${problems[problem][locale]}`
        : `${label} ${shown ? `${shown} ` : ''}${problems[problem][locale]}`,
    );
  };
  const take = <T>(field: ImportField, parse: (c: Cell) => Parsed<T>, problem: keyof typeof problems): T | null => {
    const value = cell(field);
    const parsed = parse(value);
    if (!parsed.ok) return fail(field, problem, value);
    return parsed.value;
  };
  const str = (field: ImportField) => text(cell(field));

  try {
    const buildingText = str('building') ?? fail('building', 'missing');
    const building = buildingCode(buildingText) ?? fail('building', 'code', buildingText);
    const unitText = str('unit');
    const unit = unitText ? (unitCode(unitText) ?? fail('unit', 'code', unitText)) : null;
    const numberText = str('roomNumber') ?? fail('roomNumber', 'missing');
    const number = roomNumber(numberText) ?? fail('roomNumber', 'code', numberText);
    const floor = take('floor', parseFloor, 'floor') ?? floorFromNumber(number) ?? fail('floor', 'missing');
    const code = (str('roomCode') ?? [building, unit, number].filter(Boolean).join('-')).toUpperCase();

    const room: RoomData = {};
    const type = take('roomType', parseRoomType, 'value');
    if (type) room.type = type;
    const gross = take('grossArea', parseArea, 'area');
    if (gross) room.grossArea = gross;
    const net = take('netArea', parseArea, 'area');
    if (net) room.netArea = net;
    const layout = str('layout');
    if (layout) room.layout = layout;
    const orientation = str('orientation');
    if (orientation) room.orientation = orientation;
    const status = take('roomStatus', parseRoomStatus, 'value');
    if (status) room.status = status;
    const delivery = take('deliveryDate', parseDate, 'date');
    if (delivery) room.deliveryDate = delivery;

    const name = str('customerName');
    const idCell = cell('idNumber');
    const mobileText = str('mobile');
    let customer: CustomerData | null = null;
    if (!name && (idCell !== null || mobileText)) fail('customerName', 'noName');
    if (name) {
      const kind = take('customerKind', parseKind, 'value') ?? 'person';
      if (idNumberLostToNumberCell(idCell)) fail('idNumber', 'numberCell');
      const idText = text(idCell);
      const idNumber = idText ? normaliseIdNumber(idText) : null;
      const { idType, problem } = readIdentity(
        kind,
        take('idType', parseIdType, 'value'),
        idNumber,
        new Date(`${today}T12:00:00+08:00`),
      );
      if (problem?.field === 'idType') fail('idType', 'usccPerson');
      if (problem?.field === 'idNumber') {
        const reason = idProblemMessages[problem.problem][locale];
        throw new RowProblem(
          locale === 'zh-CN'
            ? `${fieldLabel('idNumber', locale)}“${idNumber}”：${reason}`
            : `${fieldLabel('idNumber', locale)} “${idNumber}”: ${reason}`,
        );
      }
      const mobile = mobileText ? (normaliseMobile(mobileText) ?? fail('mobile', 'mobile', mobileText)) : null;
      const moveInDate = take('moveInDate', parseDate, 'date');
      if (moveInDate && moveInDate > today) fail('moveInDate', 'future', cell('moveInDate'));
      customer = {
        name: name.replace(/\s+/g, ' '),
        kind,
        idType,
        idNumber,
        mobile,
        gender: take('gender', parseGender, 'value'),
        role: take('role', parseRole, 'value') ?? 'owner',
        moveInDate,
        contractNo: str('contractNo'),
        handoverLetterNo: str('handoverLetterNo'),
      };
    }
    return {
      ok: true,
      data: {
        row: sheetRow.row,
        projectName: str('projectName'),
        projectCode: str('projectCode')?.toUpperCase() ?? null,
        building,
        buildingLabel: buildingText,
        unit,
        unitLabel: unitText,
        floor,
        number,
        code,
        room,
        customer,
      },
    };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, row: sheetRow.row, reason: error.message };
    throw error;
  }
}
