import { z } from 'zod';

/**
 * Mainland mobile numbers as agents type or paste them: "+86 138-0013-8000", "0086 13800138000",
 * "138 0013 8000" all become "13800138000". Returns null when the result is not a valid mobile.
 */
export function normaliseMobile(input: string): string | null {
  let digits = input.replace(/[\s\-().（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** A request field holding a mobile number: normalised, or refused with `mobile_invalid`. */
export const mobileField = z
  .string()
  .trim()
  .max(30)
  .transform((value, ctx) => {
    const normalised = normaliseMobile(value);
    if (normalised === null) {
      ctx.addIssue({ code: 'custom', message: 'mobile_invalid' });
      return z.NEVER;
    }
    return normalised;
  })
  .meta({ description: '中国大陆手机号，允许 +86、空格和连字符', example: '13800138000' });

/** What a switch may send for a withheld caller id. */
const WITHHELD = /^(anonymous|unknown|private|restricted|withheld|unavailable)$/i;

/**
 * Any number a telephone switch reports (caller or called): a mainland mobile as 11 digits
 * (+86, spaces, dashes dropped); a landline with its area code and trunk zero (021-5888-1200,
 * +86 21 5888 1200 → 02158881200); 400/800 numbers; short service numbers and extensions (3–8
 * digits); international numbers kept with their +; a withheld caller id as `anonymous`.
 * Returns the reason when the number cannot be one of these.
 */
export function normaliseCallNumber(
  input: string,
): { number: string; problem?: undefined } | { number?: undefined; problem: string } {
  const typed = input.trim();
  if (typed === '') return { problem: 'empty' };
  if (WITHHELD.test(typed)) return { number: 'anonymous' };
  let digits = typed.replace(/[\s\-().（）]/g, '');
  let national = false;
  if (digits.startsWith('+86')) {
    digits = digits.slice(3);
    national = true;
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    national = true;
  } else if (digits.startsWith('+')) {
    return /^\+[1-9]\d{6,14}$/.test(digits) ? { number: digits } : { problem: 'international' };
  } else if (/^861[3-9]\d{9}$/.test(digits)) {
    digits = digits.slice(2);
  }
  if (!/^\d+$/.test(digits)) return { problem: 'characters' };
  // After +86 a landline drops its trunk zero: +86 21 5888 1200.
  if (national && /^[2-9]\d{8,10}$/.test(digits)) digits = `0${digits}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return { number: digits };
  if (/^1\d{8,}$/.test(digits)) return { problem: 'mobile_length' };
  if (/^0[1-9]\d{8,10}$/.test(digits)) return { number: digits };
  if (digits.startsWith('0')) return { problem: 'landline_length' };
  if (/^[48]00\d{7}$/.test(digits)) return { number: digits };
  if (!national && /^\d{3,8}$/.test(digits)) return { number: digits };
  return { problem: 'length' };
}
