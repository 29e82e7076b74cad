/**
 * Personal data masking (QUALITY.md 17, 20, 22). Used for audit before/after images, logs and
 * any presenter that shows personal fields by default.
 */
export function maskMobile(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** Bank account numbers as banks print them on statements: 6222 **** **** 1234. */
export function maskBankAccount(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}

export function maskEmail(value: string): string {
  const [local = '', domain = ''] = value.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const maskers: Record<string, (value: string) => string> = {
  mobile: maskMobile,
  phone: maskMobile,
  callerPhone: maskMobile,
  contactMobile: maskMobile,
  idNumber: maskIdNumber,
  bankAccount: maskBankAccount,
  accountNumber: maskBankAccount,
  email: maskEmail,
};
const secrets = new Set(['password', 'passwordHash', 'newPassword', 'currentPassword', 'token']);

/** A deep copy with personal fields masked and secrets removed; dates become ISO strings. */
export function maskPersonal(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (secrets.has(key)) continue;
      const masker = maskers[key];
      out[key] = masker && typeof v === 'string' && v !== '' ? masker(v) : maskPersonal(v);
    }
    return out;
  }
  return value;
}
