/**
 * Reaper passes never overlap: each holds a PostgreSQL advisory lock on its own connection for
 * its whole length, whether it runs in `bd reaper` or in `bd sandbox cleanup`.
 */
import type { Db } from "../db.js";

const passLockKey = 0x62640002;
/** Held for as long as a `bd reaper` process leads; the others wait their turn. */
export const leaderLockKey = 0x62640003;

export async function withPassLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return db.withClient(async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [passLockKey]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [passLockKey]).catch(() => {});
    }
  });
}
