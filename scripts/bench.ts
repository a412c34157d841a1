/**
 * `npm run bench`: measures bd against the servers on this machine, prints a table and writes
 * bench-results/latest.json. Figures for BENCHMARKS.md come from here, never from tests.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseConfig } from "@bd/core";
import { createPlatform } from "@bd/platform";
import { benchLifecycle } from "./bench/lifecycle.js";
import { describeMachine } from "./bench/machine.js";
import { printTable } from "./bench/stats.js";

const env = { ...process.env, BD_OWNER: `bench-${randomBytes(3).toString("hex")}`, SANDBOX_MAX_PER_DEVELOPER: "1000" };
const platform = createPlatform(parseConfig(env));
const bdBin = fileURLToPath(new URL("../apps/cli/bin/bd.js", import.meta.url));

try {
  const machine = await describeMachine(platform);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`);
  console.log(`servers: PostgreSQL ${machine.postgres}, Redis ${machine.redis}, RabbitMQ ${machine.rabbitmq}, NATS ${machine.nats}\n`);
  const samples = await benchLifecycle(platform, { sequential: 30, concurrentBatches: 3, cliRuns: 10, bdBin, env });
  printTable(samples);
  const outDir = new URL("../bench-results/", import.meta.url);
  await mkdir(outDir, { recursive: true });
  await writeFile(new URL("latest.json", outDir), `${JSON.stringify({ at: new Date().toISOString(), machine, samples }, null, 2)}\n`);
  console.log("\nwritten: bench-results/latest.json");
} finally {
  await platform.close();
}
