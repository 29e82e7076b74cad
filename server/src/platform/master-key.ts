import { isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { customer } from '../modules/customer/customer.table.js';
import { DecryptError, type Secrets } from './secrets.js';

/** Start refused: the master key does not open the database's encrypted data. */
export class MasterKeyMismatchError extends Error {
  constructor() {
    super(
      '主密钥与数据库中的加密数据不符，拒绝启动：请使用与该数据库（或其备份）一起保管的主密钥（SECRET_KEY 或 DATA_DIR/secret.key）。\n' +
        "The master key does not decrypt this database's data; refusing to start. Use the key kept with the " +
        'database or its backup (SECRET_KEY or DATA_DIR/secret.key).',
    );
  }
}

/**
 * Whether the master key opens a sample of the stored encrypted values (a customer's ID number).
 * A database restored from a backup and started with another key would otherwise run on,
 * unable to show what it holds and encrypting new data with a key the old data does not know.
 */
export async function masterKeyFits(db: DbOrTx, secrets: Secrets): Promise<boolean> {
  const [sample] = await db
    .select({ value: customer.idNumberEncrypted })
    .from(customer)
    .where(isNotNull(customer.idNumberEncrypted))
    .limit(1);
  if (!sample?.value) return true;
  try {
    secrets.decrypt(sample.value);
    return true;
  } catch (error) {
    if (error instanceof DecryptError) return false;
    throw error;
  }
}
