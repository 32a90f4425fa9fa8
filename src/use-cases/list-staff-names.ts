/** Staff accounts by id, with the address that names them on case pages and audit trails. */
import type { Transact } from '../db/database.ts';
import { staffDirectory } from '../db/repositories/staff-directory.ts';

export function listStaffNames(transact: Transact): ReturnType<typeof staffDirectory.names> {
  return transact((trx) => staffDirectory.names(trx));
}
