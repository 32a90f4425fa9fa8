/**
 * Bank names appear in URLs (`/api/v1/banks/{name}`), exports and audit events: lower-case
 * letters, digits, `_`, `.` and `-`, up to 64, the same whether a bank is made by the API, the
 * command line, an import or the takedown sweep.
 */
export const BANK_NAME_PATTERN = '^[a-z0-9][a-z0-9_.-]{0,63}$';
const BANK_NAME = new RegExp(BANK_NAME_PATTERN);

export const isBankName = (name: string): boolean => BANK_NAME.test(name);

export const BANK_NAME_RULE = 'a bank name is 1-64 lower-case letters, digits, "_", "." or "-"';
