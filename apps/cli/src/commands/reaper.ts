import pino from "pino";
import { Reaper } from "@bd/platform";
import type { CliContext } from "../cli-context.js";

/** `bd reaper`: passes on an interval until SIGTERM or SIGINT, then finishes its current step. */
export async function run(ctx: CliContext): Promise<void> {
  const logger = pino({ name: "bd-reaper" }, pino.destination(2));
  const platform = await ctx.platform();
  await platform.context.ready();
  const reaper = new Reaper({ context: platform.context, db: platform.backends.db, intervalMs: ctx.config.cleanupIntervalMinutes * 60_000, logger });
  reaper.start();
  logger.info({ intervalMinutes: ctx.config.cleanupIntervalMinutes, graceSeconds: ctx.config.stuckGraceSeconds }, "reaper started");
  const signal = await ctx.untilStopped();
  logger.info({ signal }, "stopping after the current step");
  await reaper.close();
  logger.info("reaper stopped");
}
