/**
 * Client-side checks of Chinese identifiers, so an agent hears about a mistyped number while
 * still on the field. The server checks again (and answers 422 naming the field); these
 * mirror its rules: GB 11643 for resident ID numbers, GB 32100 for social credit codes.
 */

export type IdType = 'resident_id' | 'hk_macao_permit' | 'taiwan_permit' | 'passport' | 'uscc';
export type IdProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

const provinces = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 91,
]);
const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentChecks = '10X98765432';

/** Upper-cases and drops spaces and hyphens, as agents type numbers from a card. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (residentWeights[i] as number);
  return residentChecks[sum % 11] as string;
}

/** The date of birth in a resident ID number (YYYY-MM-DD), or null when it is not a real date. */
export function residentIdBirthDate(id: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The 17th digit is odd for men and even for women. */
export function residentIdGender(id: string): 'male' | 'female' | null {
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

export function checkResidentId(id: string, today = new Date()): IdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!provinces.has(Number(id.slice(0, 2)))) return 'region';
  const birth = residentIdBirthDate(id);
  if (!birth || birth < '1900-01-01' || birth > today.toISOString().slice(0, 10)) return 'birth_date';
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

/**
 * The problem with an ID number of the given type, or null. Only the two numbers with a check
 * digit are checked here; the formats of permits and passports are left to the server.
 */
export function checkIdNumber(type: IdType, value: string, today = new Date()): IdProblem | null {
  if (type === 'resident_id') return checkResidentId(value, today);
  if (type === 'uscc') return checkUscc(value);
  return null;
}

/**
 * Mainland mobile numbers as agents type or paste them: "+86 138-0013-8000" becomes
 * "13800138000". Null when the result is not a valid mobile number.
 */
export function normaliseMobile(input: string): string | null {
  let digits = input.replace(/[\s\-().（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
