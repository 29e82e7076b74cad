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

/** Query parameters that carry a secret (the SMS providers' receipt URL has `?token=`). */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}

export function loggerOptions(level: string, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      // Fastify's own request fields, with secrets in the query string redacted.
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
