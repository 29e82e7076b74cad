import type { App, FormInstance } from 'antd';
import { ApiError } from '../../../api/client';
import i18n from '../../../app/i18n';

type MessageInstance = ReturnType<typeof App.useApp>['message'];

/**
 * Shows a failed save: the server's localized message, plus each field message of a validation
 * error. Where a field of the form matches, the message is also shown under that field.
 */
export function showProblem(message: MessageInstance, error: unknown, form?: FormInstance): void {
  if (!(error instanceof ApiError)) {
    message.error(error instanceof Error ? error.message : String(error));
    return;
  }
  const fieldErrors = error.problem.errors ?? [];
  if (fieldErrors.length === 0) {
    message.error(error.message);
    return;
  }
  const zh = i18n.language !== 'en-US';
  const details = fieldErrors.map((f) => f.message).join(zh ? '；' : '; ');
  message.error(`${error.message}${zh ? '：' : ': '}${details}`);
  if (!form) return;
  const fields = fieldErrors
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
