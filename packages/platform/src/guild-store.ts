/**
 * Which live sandbox holds which guild, and the pool of test guilds sandboxes can lease.
 * A guild belongs to at most one sandbox: the mapping's primary key decides races, and a
 * refused guild rolls back the whole registration.
 */
import { ErrorCode, SandboxError } from "@bd/core";
import type { Db, Queryable } from "./db.js";

export interface PoolGuild {
  readonly guildId: string;
  readonly label: string;
  readonly addedAt: Date;
  /** The sandbox leasing it, if any. */
  readonly heldBy: { readonly id: string; readonly name: string } | undefined;
}

/** Maps guilds to a sandbox; throws GUILD_TAKEN naming the holder if another sandbox has one. */
export async function reserveGuilds(client: Queryable, sandboxId: string, guildIds: readonly string[]): Promise<void> {
  if (guildIds.length === 0) return;
  await client.query(
    `INSERT INTO bd.sandbox_guild_mapping (guild_id, sandbox_id) SELECT unnest($2::text[]), $1
     ON CONFLICT (guild_id) DO NOTHING`,
    [sandboxId, guildIds],
  );
  const { rows } = await client.query<{ guild_id: string; name: string }>(
    `SELECT m.guild_id, s.name FROM bd.sandbox_guild_mapping m JOIN bd.sandboxes s ON s.id = m.sandbox_id
      WHERE m.guild_id = ANY($2) AND m.sandbox_id <> $1 ORDER BY m.guild_id`,
    [sandboxId, guildIds],
  );
  const [taken] = rows;
  if (taken) throw new SandboxError(ErrorCode.GuildTaken, `guild ${taken.guild_id} is already registered to sandbox ${taken.name}`);
}

/** Leases `count` free pool guilds to a sandbox; SKIP LOCKED keeps concurrent leases apart. */
export async function leasePoolGuilds(client: Queryable, sandboxId: string, count: number): Promise<readonly string[]> {
  if (count === 0) return [];
  const { rows } = await client.query<{ guild_id: string }>(
    `SELECT p.guild_id FROM bd.guild_pool p
      WHERE NOT EXISTS (SELECT 1 FROM bd.sandbox_guild_mapping m WHERE m.guild_id = p.guild_id)
      ORDER BY p.added_at, p.guild_id
      FOR UPDATE OF p SKIP LOCKED LIMIT $1`,
    [count],
  );
  if (rows.length < count) {
    throw new SandboxError(ErrorCode.NoFreeGuild, `no free guild in the pool${count > 1 ? ` for ${count} leases` : ""}: add one with bd guilds add <guild-id>, or destroy a sandbox that holds one`);
  }
  const guildIds = rows.map((row) => row.guild_id);
  await reserveGuilds(client, sandboxId, guildIds);
  return guildIds;
}

export interface GuildStore {
  register(sandboxId: string, guildIds: readonly string[]): Promise<void>;
  unregister(sandboxId: string, guildIds: readonly string[]): Promise<void>;
  addToPool(guildId: string, label: string): Promise<PoolGuild>;
  removeFromPool(guildId: string): Promise<void>;
  listPool(): Promise<readonly PoolGuild[]>;
}

export function createGuildStore(db: Db): GuildStore {
  async function fetchPool(client: Queryable, where: string, params: unknown[]): Promise<PoolGuild[]> {
    const { rows } = await client.query<{ guild_id: string; label: string; added_at: Date; sandbox_id: string | null; name: string | null }>(
      `SELECT p.guild_id, p.label, p.added_at, s.id AS sandbox_id, s.name FROM bd.guild_pool p
         LEFT JOIN bd.sandbox_guild_mapping m ON m.guild_id = p.guild_id
         LEFT JOIN bd.sandboxes s ON s.id = m.sandbox_id
        ${where} ORDER BY p.added_at, p.guild_id`,
      params,
    );
    return rows.map((row) => ({
      guildId: row.guild_id,
      label: row.label,
      addedAt: row.added_at,
      heldBy: row.sandbox_id && row.name ? { id: row.sandbox_id, name: row.name } : undefined,
    }));
  }

  return {
    async register(sandboxId, guildIds) {
      await db.transaction(async (client) => {
        // Holding the row stops a concurrent destroy from finishing between our check and insert.
        const { rows } = await client.query<{ status: string; name: string }>("SELECT status, name FROM bd.sandboxes WHERE id = $1 FOR SHARE", [sandboxId]);
        const status = rows[0]?.status;
        if (status === "destroying" || status === "destroyed") {
          throw new SandboxError(ErrorCode.InvalidState, `sandbox ${rows[0]?.name} is ${status}: guilds can be registered only to a live sandbox`);
        }
        await reserveGuilds(client, sandboxId, guildIds);
      });
    },

    async unregister(sandboxId, guildIds) {
      await db.transaction(async (client) => {
        const { rows } = await client.query<{ guild_id: string }>(
          "DELETE FROM bd.sandbox_guild_mapping WHERE sandbox_id = $1 AND guild_id = ANY($2) RETURNING guild_id",
          [sandboxId, guildIds],
        );
        const removed = new Set(rows.map((row) => row.guild_id));
        const missing = guildIds.find((guildId) => !removed.has(guildId));
        if (missing !== undefined) throw new SandboxError(ErrorCode.GuildNotHeld, `guild ${missing} is not registered to this sandbox`);
      });
    },

    async addToPool(guildId, label) {
      await db.query("INSERT INTO bd.guild_pool (guild_id, label) VALUES ($1, $2) ON CONFLICT (guild_id) DO UPDATE SET label = EXCLUDED.label", [guildId, label]);
      return (await fetchPool(db, "WHERE p.guild_id = $1", [guildId]))[0]!;
    },

    async removeFromPool(guildId) {
      await db.transaction(async (client) => {
        // Locks the pool row as a lease does, so a lease cannot slip in between check and delete.
        await client.query("SELECT 1 FROM bd.guild_pool WHERE guild_id = $1 FOR UPDATE", [guildId]);
        const [guild] = await fetchPool(client, "WHERE p.guild_id = $1", [guildId]);
        if (!guild) throw new SandboxError(ErrorCode.GuildNotHeld, `guild ${guildId} is not in the pool`);
        if (guild.heldBy) throw new SandboxError(ErrorCode.GuildTaken, `guild ${guildId} is leased by sandbox ${guild.heldBy.name}: destroy it or unregister the guild first`);
        await client.query("DELETE FROM bd.guild_pool WHERE guild_id = $1", [guildId]);
      });
    },

    listPool: () => fetchPool(db, "", []),
  };
}
