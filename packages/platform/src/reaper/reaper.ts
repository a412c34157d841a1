/**
 * `bd reaper`: a pass every SANDBOX_CLEANUP_INTERVAL_MINUTES by exactly one leader among any
 * number of reaper processes. Leadership is a session advisory lock on a connection of its own:
 * if the leader dies, its connection closes, the lock is freed, and another reaper takes over
 * at its next tick.
 */
import pg from "pg";
import type { Logger } from "pino";
import type { Db } from "../db.js";
import type { ServiceContext } from "../service-context.js";
import { leaderLockKey } from "./pass-lock.js";
import { runReaperPass, type ReapReport } from "./reaper-pass.js";

export interface ReaperOptions {
  readonly context: ServiceContext;
  readonly db: Db;
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Called after each pass the leader runs (for tests and metrics). */
  readonly onPass?: (report: ReapReport) => void;
}

export class Reaper {
  readonly #options: ReaperOptions;
  readonly #abort = new AbortController();
  #leaderClient: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;

  constructor(options: ReaperOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Finishes the sandbox it is on, skips the rest of the pass, gives up leadership. */
  async close(): Promise<void> {
    this.#abort.abort();
    clearTimeout(this.#timer);
    await this.#tick;
    await this.#leaderClient?.end().catch(() => {});
    this.#leaderClient = undefined;
  }

  #schedule(delayMs: number): void {
    if (this.#abort.signal.aborted) return;
    this.#timer = setTimeout(() => {
      this.#tick = this.#runTick().finally(() => this.#schedule(this.#options.intervalMs));
    }, delayMs);
  }

  async #runTick(): Promise<void> {
    const { logger } = this.#options;
    try {
      if (!(await this.#lead())) {
        logger.debug("another reaper leads; standing by");
        return;
      }
      const report = await runReaperPass(this.#options.context, this.#options.db, { signal: this.#abort.signal });
      const failed = report.actions.filter((a) => a.outcome === "failed");
      logger.info({ actions: report.actions.length, failed: failed.length, ms: report.ms, unreadable: report.unreadable }, "reaper pass done");
      for (const action of report.actions) logger.info({ sandboxId: action.sandboxId, reason: action.reason, outcome: action.outcome, error: action.error }, `reaped ${action.name}`);
      this.#options.onPass?.(report);
    } catch (error) {
      logger.error({ err: error }, "reaper pass failed; retrying next interval");
    }
  }

  async #lead(): Promise<boolean> {
    if (this.#leaderClient) return true;
    const client = new pg.Client({ connectionString: this.#options.db.url, application_name: "bd-reaper" });
    client.on("error", () => {});
    client.on("end", () => {
      if (this.#leaderClient === client) this.#leaderClient = undefined;
    });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [leaderLockKey]);
    if (rows[0]?.locked) {
      this.#leaderClient = client;
      this.#options.logger.info("leading the reapers");
      return true;
    }
    await client.end();
    return false;
  }
}
