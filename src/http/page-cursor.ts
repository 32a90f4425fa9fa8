/**
 * Cursors of the paged lists: the sort key of a page's last row, opaque to the caller (base64url
 * of its parts), handed back as `after` for the next page. A cursor that does not decode to the
 * expected number of parts is a 400, never a query with garbage in it.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '../domain/errors.ts';

const SEPARATOR = '\n';

export const CursorParam = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,400}$',
  description: 'the `next` cursor of the previous page',
});

export function encodeCursor(parts: ReadonlyArray<string | number>): string {
  return Buffer.from(parts.join(SEPARATOR)).toString('base64url');
}

export function decodeCursor(cursor: string, count: number): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(SEPARATOR);
  if (parts.length !== count || parts.some((p) => p === '' || p.length > 100)) {
    throw new AppError('invalid_input', 'the page cursor is not valid; start from the first page');
  }
  return parts;
}

/** The cursor of the page after `rows`, or null when this page was the last. */
export function nextCursor<T>(rows: readonly T[], limit: number, key: (row: T) => Array<string | number>) {
  return rows.length === limit && rows.length > 0 ? encodeCursor(key(rows[rows.length - 1])) : null;
}
