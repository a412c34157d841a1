import pino from "pino";
import { jwtAuthenticator } from "@nats-io/transport-node";
import { parseIntegerOption, routerNatsPermissions } from "@bd/core";
import { startRouterHttp, Router } from "@bd/platform";
import type { CliContext } from "../cli-context.js";

export interface RouterCommandOptions {
  readonly port: string;
  readonly host: string;
  readonly ackWait: string;
  readonly resync: string;
}

/** `bd router`: runs until SIGTERM or SIGINT, then drains what is in flight and exits 0. */
export async function run(ctx: CliContext, options: RouterCommandOptions): Promise<void> {
  const port = parseIntegerOption("--port", options.port, { min: 0, max: 65535 });
  const ackWaitMs = parseIntegerOption("--ack-wait", options.ackWait, { min: 1000, max: 600_000 });
  const resyncMs = parseIntegerOption("--resync", options.resync, { min: 100, max: 3_600_000 });
  const logger = pino({ name: "bd-router" }, pino.destination(2));
  const platform = await ctx.platform();
  // Minted here, once, so signing never happens on the routing path.
  const minted = await platform.natsOperator?.mintUser("bd-router", routerNatsPermissions);
  const router = new Router({
    natsUrl: ctx.config.natsUrl,
    databaseUrl: ctx.config.databaseUrl,
    logger,
    ackWaitMs,
    resyncMs,
    ...(minted && { natsAuthenticator: jwtAuthenticator(minted.jwt, minted.user.getSeed()) }),
  });
  await platform.context.ready();
  await router.start();
  const server = await startRouterHttp(router, port, options.host);
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  logger.info({ port: bound }, `health on http://${options.host}:${bound}/health, metrics on /metrics`);
  const signal = await ctx.untilStopped();
  logger.info({ signal }, "stopping: draining events in flight");
  server.close();
  await router.close();
}
