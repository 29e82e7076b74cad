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
