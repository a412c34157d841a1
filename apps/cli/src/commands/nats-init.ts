import { initNats } from "@bd/platform";
import type { CliContext } from "../cli-context.js";

export async function run(ctx: CliContext, options: { dir: string; force?: boolean }): Promise<void> {
  const result = await initNats(options.dir, { force: options.force === true });
  const human = [
    `NATS operator mode keys are in ${result.dir}.`,
    "",
    `  server config   ${result.serverConfig}   (include it; run nats-server with JetStream)`,
    `  bd key file     ${result.authFile}   (mode 0600: it signs every user)`,
    `  router creds    ${result.routerCreds}`,
    `  worker creds    ${result.productionCreds}   (production workers)`,
    "",
    "Next:",
    `  nats-server -c ${result.serverConfig} -js`,
    `  export BD_NATS_AUTH=${result.authFile}`,
    "  bd sandbox create        # the sandbox now gets its own NATS user; connect prints NATS_CREDS",
  ].join("\n");
  ctx.out.result(human, result);
}
