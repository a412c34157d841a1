/**
 * The router's in-memory guild → sandbox map. Loaded at start, reloaded whenever PostgreSQL
 * NOTIFYs a change (the migration's triggers), and fully resynchronised on a timer and after
 * every reconnect, so a missed notification can only delay a change, never lose it.
 * Lookups never touch the database.
 */
import pg from "pg";
import type { Logger } from "pino";
import { routingNames, sidOf, type GuildLookup, type Sid } from "@bd/core";

export interface GuildMapOptions {
  readonly databaseUrl: string;
  readonly resyncMs: number;
  readonly logger: Logger;
  /** Called after every successful load, e.g. to update metrics. */
  readonly onLoad?: (size: number) => void;
}

const reconnectDelayMs = 500;

export class GuildMap {
  readonly #options: GuildMapOptions;
  #map: ReadonlyMap<string, Sid> = new Map();
  #listener: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> | undefined;
  #dirty = false;
  #closed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #loadedAt: Date | undefined;

  constructor(options: GuildMapOptions) {
    this.#options = options;
  }

  readonly lookup: GuildLookup = (guildId) => this.#map.get(guildId);

  get size(): number {
    return this.#map.size;
  }

  get loadedAt(): Date | undefined {
    return this.#loadedAt;
  }

  /** Connects, listens and loads; resolves once the first load is done. */
  async start(): Promise<void> {
    await this.#listen();
    this.#timer = setInterval(() => this.refresh(), this.#options.resyncMs);
    this.#timer.unref();
  }

  /** Reloads the whole map; concurrent calls coalesce into at most one more load. */
  refresh(): Promise<void> {
    if (this.#loading) {
      this.#dirty = true;
      return this.#loading;
    }
    this.#loading = this.#load()
      .catch((error: unknown) => this.#options.logger.warn({ err: error }, "guild map reload failed; keeping the last map"))
      .finally(() => {
        this.#loading = undefined;
        if (this.#dirty && !this.#closed) {
          this.#dirty = false;
          void this.refresh();
        }
      });
    return this.#loading;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#reconnectTimer);
    await this.#loading;
    await this.#listener?.end().catch(() => {});
  }

  async #load(): Promise<void> {
    const client = this.#listener;
    if (!client) throw new Error("not connected to PostgreSQL");
    const { rows } = await client.query<{ guild_id: string; sandbox_id: string }>(
      `SELECT m.guild_id, m.sandbox_id FROM bd.sandbox_guild_mapping m
         JOIN bd.sandboxes s ON s.id = m.sandbox_id
        WHERE s.status IN ('running', 'expired')`,
    );
    this.#map = new Map(rows.map((row) => [row.guild_id, sidOf(row.sandbox_id)]));
    this.#loadedAt = new Date();
    this.#options.onLoad?.(this.#map.size);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.databaseUrl, application_name: "bd-router" });
    client.on("error", (error) => this.#options.logger.warn({ err: error }, "guild map connection lost"));
    client.on("notification", () => void this.refresh());
    try {
      await client.connect();
      await client.query(`LISTEN ${routingNames.guildMapChannel}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    client.on("end", () => {
      if (this.#listener === client) this.#reconnectLater();
    });
    this.#listener = client;
    await this.#load();
  }

  /** One pending reconnect at a time; until it succeeds, routing goes on with the last map. */
  #reconnectLater(): void {
    this.#listener = undefined;
    if (this.#closed || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#closed) return;
      this.#listen().then(
        () => this.#options.logger.info({ guilds: this.size }, "guild map reconnected and reloaded"),
        () => this.#reconnectLater(),
      );
    }, reconnectDelayMs);
    this.#reconnectTimer.unref();
  }
}
