import { beijingDay } from './locale.js';

/**
 * Chinese identifiers (QUALITY.md 13): resident ID numbers by GB 11643 (region, real birth
 * date, check digit), unified social credit codes by GB 32100, and the formats of the travel
 * permits and passports that customers of a property company present.
 */
export const idTypes = ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'uscc'] as const;
export type IdType = (typeof idTypes)[number];

const provinces = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 91,
]);
const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentChecks = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (residentWeights[i] as number);
  return residentChecks[sum % 11] as string;
}

/** The date of birth in a resident ID number, or null when it is not a real date. */
export function residentIdBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export type IdProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

export function checkResidentId(id: string, today = new Date()): IdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!provinces.has(Number(id.slice(0, 2)))) return 'region';
  const birth = residentIdBirthDate(id);
  // A birth date after today (a Beijing calendar day) cannot be real.
  if (!birth || birth < '1900-01-01' || birth > beijingDay(today)) return 'birth_date';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return null;
}

const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += usccAlphabet.indexOf(first17[i] as string) * (usccWeights[i] as number);
  return usccAlphabet[(31 - (sum % 31)) % 31] as string;
}

export function checkUscc(code: string): IdProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return 'format';
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return 'check_digit';
  return null;
}

/** Upper-cases and drops spaces and hyphens, as agents type numbers from a card. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

export function checkIdNumber(type: IdType, value: string, today = new Date()): IdProblem | null {
  switch (type) {
    case 'resident_id':
      return checkResidentId(value, today);
    case 'uscc':
      return checkUscc(value);
    case 'hk_macao_permit':
      return /^[HM]\d{8}(\d{2})?$/.test(value) ? null : 'format';
    case 'taiwan_permit':
      return /^\d{8}(\d{2})?$/.test(value) ? null : 'format';
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(value) ? null : 'format';
  }
}

/**
 * The ID type and number of a customer of this kind, the number already normalised. No number
 * means no type; a number without a type is a resident ID of a person or the USCC of an
 * organisation. A person may not hold a USCC (a problem of idType), and the number must be one of
 * its type (a problem of idNumber).
 */
export function readIdentity(
  kind: 'person' | 'organisation',
  idType: IdType | null,
  idNumber: string | null,
  today: Date,
): { idType: IdType | null; problem: { field: 'idType' } | { field: 'idNumber'; problem: IdProblem } | null } {
  if (!idNumber) return { idType: null, problem: null };
  const type = idType ?? (kind === 'organisation' ? 'uscc' : 'resident_id');
  if (type === 'uscc' && kind === 'person') return { idType: type, problem: { field: 'idType' } };
  const problem = checkIdNumber(type, idNumber, today);
  return { idType: type, problem: problem ? { field: 'idNumber', problem } : null };
}

export const idProblemMessages: Record<IdProblem, Record<'zh-CN' | 'en-US', string>> = {
  format: { 'zh-CN': '证件号码格式不正确', 'en-US': 'The ID number has the wrong format' },
  region: { 'zh-CN': '身份证号码的地区码不存在', 'en-US': 'The resident ID number has an unknown region code' },
  birth_date: {
    'zh-CN': '身份证号码中的出生日期无效',
    'en-US': 'The birth date in the resident ID number is not valid',
  },
  check_digit: { 'zh-CN': '证件号码校验位不正确', 'en-US': 'The check digit of the ID number is wrong' },
};
