/**
 * The control plane's sandboxes, as raw parameterised SQL. Status changes are guarded
 * updates: `false` means another process moved the sandbox first.
 */
import {
  canTransition,
  ErrorCode,
  liveStatuses,
  SandboxError,
  type IsolationMap,
  type Sandbox,
  type SandboxRef,
  type SandboxStatus,
} from "@bd/core";
import { hasSqlState, SqlState, type Db, type Queryable } from "./db.js";
import { leasePoolGuilds, reserveGuilds } from "./guild-store.js";

interface SandboxRow {
  id: string;
  name: string;
  owner: string;
  status: SandboxStatus;
  ttl_seconds: number;
  created_at: Date;
  expires_at: Date;
  destroyed_at: Date | null;
  last_error: string | null;
  guild_ids: string[];
  isolation: IsolationMap;
}

const selectSandbox = `
  SELECT s.id, s.name, s.owner, s.status, s.ttl_seconds, s.created_at, s.expires_at, s.destroyed_at, s.last_error, s.isolation,
         coalesce((SELECT array_agg(g.guild_id ORDER BY g.guild_id) FROM bd.sandbox_guild_mapping g WHERE g.sandbox_id = s.id), '{}') AS guild_ids
  FROM bd.sandboxes s`;

function toSandbox(row: SandboxRow): Sandbox {
  return Object.freeze({
    id: row.id,
    name: row.name,
    owner: row.owner,
    status: row.status,
    ttlSeconds: row.ttl_seconds,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    destroyedAt: row.destroyed_at,
    lastError: row.last_error,
    guildIds: Object.freeze([...row.guild_ids]),
    isolation: Object.freeze({ ...row.isolation }),
  });
}

export interface NewSandbox {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly ttlSeconds: number;
  readonly schemaName: string;
  /** Guilds to register with the sandbox, in the same transaction as its row. */
  readonly guildIds?: readonly string[];
  /** How many free pool guilds to lease (`--guild auto`). */
  readonly poolLeases?: number;
}

export interface ListFilter {
  readonly includeDestroyed?: boolean;
  readonly owner?: string | undefined;
  readonly status?: SandboxStatus | undefined;
}

export interface SandboxStore {
  /** Inserts a pending sandbox, holding the owner's limit and name uniqueness under concurrency. */
  insert(sandbox: NewSandbox, maxPerOwner: number): Promise<Sandbox>;
  transition(id: string, from: SandboxStatus, to: SandboxStatus, fields?: { lastError?: string | null; step?: string | null }): Promise<boolean>;
  recordError(id: string, message: string): Promise<void>;
  /** What each backend enforces for the sandbox, and its NATS user JWT if it has one. */
  recordIsolation(id: string, isolation: IsolationMap, natsUserJwt: string | undefined): Promise<void>;
  natsUserJwt(id: string): Promise<string | undefined>;
  /** destroying → destroyed, releasing the sandbox's guilds in the same transaction. */
  markDestroyed(id: string): Promise<boolean>;
  get(id: string): Promise<Sandbox | undefined>;
  resolve(ref: SandboxRef): Promise<Sandbox>;
  list(filter: ListFilter): Promise<readonly Sandbox[]>;
  /** Running sandboxes past their expiry, and expired ones a dead reaper left undestroyed. */
  findExpired(): Promise<readonly Sandbox[]>;
  /** Sandboxes in pending, creating or destroying that have not moved for `graceSeconds`. */
  findStuck(graceSeconds: number): Promise<readonly Sandbox[]>;
  /** The ids of every sandbox that is not destroyed: whatever the servers hold for them is theirs. */
  notDestroyedIds(): Promise<ReadonlySet<string>>;
  /** Sets a running sandbox's expiry to now + ttl; undefined if it is not running. */
  extend(id: string, ttlSeconds: number): Promise<Sandbox | undefined>;
}

export function createSandboxStore(db: Db): SandboxStore {
  async function fetchOne(client: Queryable, where: string, params: unknown[]): Promise<Sandbox | undefined> {
    const { rows } = await client.query<SandboxRow>(`${selectSandbox} WHERE ${where}`, params);
    return rows[0] && toSandbox(rows[0]);
  }

  return {
    async insert(sandbox, maxPerOwner) {
      try {
        return await db.transaction(async (client) => {
          // One owner's creates queue behind each other here, so the count below cannot be stale.
          await client.query("SELECT pg_advisory_xact_lock(hashtext('bd.owner'), hashtext($1))", [sandbox.owner]);
          const { rows } = await client.query<{ live: number }>(
            "SELECT count(*)::int AS live FROM bd.sandboxes WHERE owner = $1 AND status = ANY($2)",
            [sandbox.owner, liveStatuses],
          );
          const live = rows[0]?.live ?? 0;
          if (live >= maxPerOwner) {
            throw new SandboxError(
              ErrorCode.QuotaExceeded,
              `${sandbox.owner} already has ${live} live sandboxes (limit ${maxPerOwner}): destroy one first, or raise SANDBOX_MAX_PER_DEVELOPER`,
            );
          }
          await client.query(
            `INSERT INTO bd.sandboxes (id, name, owner, status, schema_name, ttl_seconds, expires_at)
             VALUES ($1, $2, $3, 'pending', $4, $5::int, now() + $5::int * interval '1 second')`,
            [sandbox.id, sandbox.name, sandbox.owner, sandbox.schemaName, sandbox.ttlSeconds],
          );
          await reserveGuilds(client, sandbox.id, sandbox.guildIds ?? []);
          await leasePoolGuilds(client, sandbox.id, sandbox.poolLeases ?? 0);
          return (await fetchOne(client, "s.id = $1", [sandbox.id]))!;
        });
      } catch (error) {
        if (hasSqlState(error, SqlState.UniqueViolation)) {
          throw new SandboxError(ErrorCode.NameTaken, `a live sandbox is already named ${sandbox.name}: choose another name`, { cause: error });
        }
        throw error;
      }
    },

    async transition(id, from, to, fields = {}) {
      if (!canTransition(from, to)) throw new SandboxError(ErrorCode.Internal, `illegal status change ${from} → ${to}`);
      const { rowCount } = await db.query(
        `UPDATE bd.sandboxes
            SET status = $3, updated_at = now(),
                last_error = CASE WHEN $4 THEN $5 ELSE last_error END,
                step = CASE WHEN $6 THEN $7 ELSE step END
          WHERE id = $1 AND status = $2`,
        [id, from, to, "lastError" in fields, fields.lastError ?? null, "step" in fields, fields.step ?? null],
      );
      return rowCount === 1;
    },

    async recordIsolation(id, isolation, natsUserJwt) {
      await db.query("UPDATE bd.sandboxes SET isolation = $2, nats_user_jwt = $3, updated_at = now() WHERE id = $1", [id, JSON.stringify(isolation), natsUserJwt ?? null]);
    },

    async natsUserJwt(id) {
      const { rows } = await db.query<{ nats_user_jwt: string | null }>("SELECT nats_user_jwt FROM bd.sandboxes WHERE id = $1", [id]);
      return rows[0]?.nats_user_jwt ?? undefined;
    },

    async recordError(id, message) {
      await db.query("UPDATE bd.sandboxes SET last_error = $2, updated_at = now() WHERE id = $1", [id, message]);
    },

    async markDestroyed(id) {
      return db.transaction(async (client) => {
        const { rowCount } = await client.query(
          `UPDATE bd.sandboxes SET status = 'destroyed', destroyed_at = now(), updated_at = now(), step = NULL
            WHERE id = $1 AND status = 'destroying'`,
          [id],
        );
        await client.query("DELETE FROM bd.sandbox_guild_mapping WHERE sandbox_id = $1", [id]);
        return rowCount === 1;
      });
    },

    async get(id) {
      return fetchOne(db, "s.id = $1", [id]);
    },

    async resolve(ref) {
      if (ref.kind === "id") {
        const found = await fetchOne(db, "s.id = $1", [ref.id]);
        if (!found) throw notFound(ref.id);
        return found;
      }
      if (ref.name !== undefined) {
        // A live sandbox owns its name; otherwise the most recently destroyed one answers to it.
        const byName = await fetchOne(db, "s.name = $1 ORDER BY (s.status <> 'destroyed') DESC, s.created_at DESC LIMIT 1", [ref.name]);
        if (byName) return byName;
      }
      if (ref.sidPrefix !== undefined) {
        const { rows } = await db.query<SandboxRow>(
          `${selectSandbox} WHERE replace(s.id::text, '-', '') LIKE $1 || '%' ORDER BY s.created_at DESC LIMIT 6`,
          [ref.sidPrefix],
        );
        if (rows.length === 1) return toSandbox(rows[0]!);
        if (rows.length > 1) {
          const shown = rows.slice(0, 5).map((row) => `${row.name} (${row.id})`).join(", ");
          throw new SandboxError(ErrorCode.AmbiguousRef, `id prefix ${ref.sidPrefix} matches several sandboxes: ${shown}; give more digits`);
        }
      }
      throw notFound(ref.name ?? ref.sidPrefix ?? "");
    },

    async list(filter) {
      const clauses: string[] = [];
      const params: unknown[] = [];
      if (filter.status !== undefined) {
        params.push(filter.status);
        clauses.push(`s.status = $${params.length}`);
      } else if (!filter.includeDestroyed) {
        clauses.push("s.status <> 'destroyed'");
      }
      if (filter.owner !== undefined) {
        params.push(filter.owner);
        clauses.push(`s.owner = $${params.length}`);
      }
      const where = clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
      const { rows } = await db.query<SandboxRow>(`${selectSandbox} ${where} ORDER BY s.created_at DESC`, params);
      return rows.map(toSandbox);
    },

    async findExpired() {
      const { rows } = await db.query<SandboxRow>(
        `${selectSandbox} WHERE (s.status = 'running' AND s.expires_at <= now()) OR s.status = 'expired' ORDER BY s.expires_at`,
      );
      return rows.map(toSandbox);
    },

    async findStuck(graceSeconds) {
      const { rows } = await db.query<SandboxRow>(
        `${selectSandbox} WHERE s.status IN ('pending', 'creating', 'destroying') AND s.updated_at <= now() - $1::int * interval '1 second'
          ORDER BY s.updated_at`,
        [graceSeconds],
      );
      return rows.map(toSandbox);
    },

    async notDestroyedIds() {
      const { rows } = await db.query<{ id: string }>("SELECT id FROM bd.sandboxes WHERE status <> 'destroyed'");
      return new Set(rows.map((row) => row.id));
    },

    async extend(id, ttlSeconds) {
      const { rowCount } = await db.query(
        `UPDATE bd.sandboxes SET expires_at = now() + $2::int * interval '1 second', ttl_seconds = $2::int, updated_at = now()
          WHERE id = $1 AND status = 'running'`,
        [id, ttlSeconds],
      );
      return rowCount === 1 ? fetchOne(db, "s.id = $1", [id]) : undefined;
    },
  };
}

function notFound(ref: string): SandboxError {
  return new SandboxError(ErrorCode.NotFound, `no sandbox named or with id ${ref}: see bd sandbox list`);
}
