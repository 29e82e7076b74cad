import type { FastifyServerOptions } from 'fastify';

/**
 * Application logs carry no personal information (QUALITY.md 20): known personal and secret
 * fields are redacted wherever they appear in a logged object.
 */
export const redactPaths = [
  'password',
  'newPassword',
  'currentPassword',
  'mobile',
  'phone',
  'idNumber',
  'email',
  'accountNumber',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.mobile',
  '*.phone',
  '*.idNumber',
  '*.email',
  '*.accountNumber',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
}
