import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Argon2id with the OWASP minimum (QUALITY.md 1): 19 MiB, 2 iterations, 1 lane.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spend the same time on an unknown username as on a known one, so timing does not reveal accounts. */
export async function dummyVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('linli-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

// Passwords seen most often in Chinese and international leak lists; refused by every profile.
const commonPasswords = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '66666666',
  '11223344',
  '12344321',
  '123123123',
  '5201314',
  '52013145',
  '1314520',
  '147258369',
  '123456qq',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'qwertyui',
  'qwerty123',
  'qwe123456',
  'abc12345',
  'abcd1234',
  'abc123456',
  'a1234567',
  'a12345678',
  'aa123456',
  'admin123',
  'admin@123',
  'administrator',
  'iloveyou',
  'woaini1314',
  'woaini520',
  'asdfghjk',
  'zxcvbnm1',
  '1qaz2wsx',
  '1q2w3e4r',
  'qazwsxedc',
  'letmein1',
  'welcome1',
  'sunshine',
  'football',
  'baseball',
  'superman',
  'trustno1',
  'linli123',
  'linli1234',
  'changeme',
  'test1234',
  '12qwaszx',
  'q1w2e3r4',
  'zaq12wsx',
  'dragon12',
]);

export type PasswordPolicy = 'default' | 'dengbao';

/** Returns a reason code when the password is refused, or null when it is acceptable. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy): 'length' | 'common' | 'classes' | null {
  if (password.length < 8) return 'length';
  if (commonPasswords.has(password.toLowerCase())) return 'common';
  if (policy === 'dengbao') {
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
    if (classes < 3) return 'classes';
  }
  return null;
}

export const passwordReasons = {
  length: { 'zh-CN': '至少 8 位', 'en-US': 'at least 8 characters' },
  common: { 'zh-CN': '不能使用常见弱密码', 'en-US': 'must not be a common password' },
  classes: {
    'zh-CN': '须包含大写字母、小写字母、数字、符号中的至少三类',
    'en-US': 'must mix at least three of upper case, lower case, digits and symbols',
  },
} as const;

/** An issued password: 12 characters from an alphabet without look-alikes (0/O, 1/l/I), three classes guaranteed. */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%*?'];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)] as string);
  while (chars.length < 12) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
