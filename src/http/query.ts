/**
 * Query-string parameters. They arrive as text and the service does not coerce types (a value
 * must mean what it says), so numbers and yes/no flags are text with a pattern, read here with a
 * range check; a malformed value is a 400 that names what was expected, never ignored.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '../domain/errors.ts';

/** A yes/no parameter: `1`/`true` or `0`/`false`. */
export const queryFlag = (description: string) =>
  Type.Unsafe<'1' | '0' | 'true' | 'false'>({
    type: 'string',
    enum: ['1', '0', 'true', 'false'],
    description,
  });

export const isSet = (flag: string | undefined): boolean | undefined =>
  flag === undefined ? undefined : flag === '1' || flag === 'true';

/** A whole number written in digits, between `min` and `max`. */
export const queryInteger = (min: number, max: number, description: string) =>
  Type.String({ pattern: '^[0-9]{1,10}$', description: `${description}: a whole number, ${min} to ${max}` });

export function readInteger(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AppError('invalid_input', `querystring/${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
