import type { App, FormInstance } from 'antd';
import { ApiError } from '../api/client';
import i18n from '../app/i18n';

type MessageInstance = ReturnType<typeof App.useApp>['message'];

/** Codes as the server accepts them (organisations, projects, roles, dictionaries). */
export const CODE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;

/**
 * The text to show for a failed call: the server's localized detail, followed by the field
 * messages of a validation failure (which the detail alone only summarises).
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    // A detail that already quotes a field's message (such as “证件号码不正确：证件号码格式不正确”)
    // is not followed by the same message again.
    const fields = (e.problem.errors ?? []).map((f) => f.message).filter((m) => m && !e.message.includes(m));
    if (fields.length === 0) return e.message;
    const english = i18n.language === 'en-US';
    return `${e.message}${english ? ': ' : '：'}${fields.join(english ? '; ' : '；')}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Shows a failed save with errorText; where a field of the form matches a validation message,
 * the message is also shown under that field.
 */
export function showProblem(message: MessageInstance, error: unknown, form?: FormInstance): void {
  message.error(errorText(error));
  if (!form || !(error instanceof ApiError)) return;
  const fields = (error.problem.errors ?? [])
    .filter((f) => f.field)
    .map((f) => ({
      name: f.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors: [f.message],
    }));
  try {
    form.setFields(fields);
  } catch {
    // a field the form does not have; the message above already says it
  }
}
