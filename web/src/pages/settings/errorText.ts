import { ApiError } from '../../api/client';
import i18n from '../../app/i18n';

/**
 * The text to show for a failed call: the server's localized detail, followed by the field
 * messages of a validation failure (which the detail alone only summarises).
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = (e.problem.errors ?? []).map((f) => f.message).filter(Boolean);
    if (fields.length === 0) return e.message;
    const english = i18n.language === 'en-US';
    return `${e.message}${english ? ': ' : '：'}${fields.join(english ? '; ' : '；')}`;
  }
  return e instanceof Error ? e.message : String(e);
}
