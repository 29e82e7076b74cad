/** Escapes LIKE wildcards so that a user's % or _ matches itself. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
