// The pure parts of the import screen: the mapping as the server takes it, column letters, sizes.
import type { components } from '../../api/schema';

export type ImportField = components['schemas']['ImportPreview']['fields'][number]['field'];
/** Field → 0-based column of the sheet. */
export type Mapping = Partial<Record<ImportField, number>>;

/** The fields of the room (and its project) come first; from this one on they describe the customer. */
export const firstCustomerField: ImportField = 'customerName';

/**
 * The whole mapping as the server takes it: every field with its column, or -1 for a field
 * left out (so the server does not map it again from the header names).
 */
export function mappingBody(fields: readonly ImportField[], mapping: Mapping): string {
  const out: Record<string, number> = {};
  for (const field of fields) out[field] = mapping[field] ?? -1;
  return JSON.stringify(out);
}

/** Column letters as spreadsheets show them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 12.3 KB, 4.5 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
