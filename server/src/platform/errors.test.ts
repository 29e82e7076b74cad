import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorMessage } from './errors.js';
import { validationMessages } from './validation-messages.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('error catalogue', () => {
  it.each(Object.entries(errorCatalogue))(
    '%s has a status and both languages with the same placeholders',
    (_, entry) => {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry['zh-CN']).toMatch(/\p{Script=Han}/u);
      // English: printable, no Chinese left in it (typographic marks such as – › ¥ are fine).
      expect(entry['en-US']).toMatch(/^[^\p{Cc}]+$/u);
      expect(entry['en-US']).not.toMatch(/\p{Script=Han}/u);
      expect(placeholders(entry['zh-CN'])).toEqual(placeholders(entry['en-US']));
    },
  );

  it('fills placeholders from the params', () => {
    expect(errorMessage('CODE_TAKEN', 'zh-CN', { code: 'SH' })).toBe('编码“SH”已被使用');
    expect(errorMessage('LOGIN_RATE_LIMITED', 'en-US', { seconds: 42 })).toBe(
      'Too many failed logins; try again in 42 seconds',
    );
  });

  it('leaves no placeholder visible when a param is missing', () => {
    expect(errorMessage('ROLE_IN_USE', 'zh-CN')).not.toMatch(/[{}]/);
  });
});

describe('validation messages', () => {
  it.each(Object.entries(validationMessages))('%s is translated', (_, messages) => {
    expect(messages['zh-CN']).toMatch(/\p{Script=Han}/u);
    expect(messages['en-US']).toMatch(/^[^\p{Cc}]+$/u);
    expect(messages['en-US']).not.toMatch(/\p{Script=Han}/u);
  });
});
