/**
 * `npm run bench [-- lifecycle|routing|reaper]`: measures bd against the servers on this machine,
 * prints tables and writes bench-results/latest.json. Figures for BENCHMARKS.md come from here,
 * never from tests.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseConfig } from "@bd/core";
import { createPlatform } from "@bd/platform";
import { benchEnforcedLifecycle, benchLifecycle } from "./bench/lifecycle.js";
import { describeMachine } from "./bench/machine.js";
import { benchReaper } from "./bench/reaper.js";
import { benchRouting } from "./bench/routing.js";
import { printTable } from "./bench/stats.js";

const only = process.argv[2];
const owner = `bench-${randomBytes(3).toString("hex")}`;
const env = { ...process.env, BD_OWNER: owner, SANDBOX_MAX_PER_DEVELOPER: "1000" };
const platform = createPlatform(parseConfig(env));
const bdBin = fileURLToPath(new URL("../apps/cli/bin/bd.js", import.meta.url));
const results: Record<string, unknown> = { at: new Date().toISOString() };

try {
  const machine = await describeMachine(platform);
  results.machine = machine;
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`);
  console.log(`servers: PostgreSQL ${machine.postgres}, Redis ${machine.redis}, RabbitMQ ${machine.rabbitmq}, NATS ${machine.nats}\n`);

  if (!only || only === "lifecycle") {
    const lifecycle = [...(await benchLifecycle(platform, { sequential: 30, concurrentBatches: 3, cliRuns: 10, bdBin, env })), ...(await benchEnforcedLifecycle(`${owner}-e`))];
    results.lifecycle = lifecycle;
    console.log("sandbox lifecycle (ms)");
    printTable(lifecycle);
    console.log();
  }
  if (!only || only === "routing") {
    const routing = await benchRouting(`${owner}-r`);
    results.routing = routing;
    console.log("routing latency (ms)");
    printTable(routing.latency);
    console.log("\nrouting throughput");
    for (const t of routing.throughput) console.log(`  ${t.name}: ${t.eventsPerSecond.toLocaleString("en")} events/s (${t.seconds} s)`);
  }
  if (!only || only === "reaper") {
    const reaper = await benchReaper(platform);
    results.reaper = reaper;
    console.log(`\nreaper pass over ${reaper.sandboxes} expired sandboxes: ${reaper.seconds} s (${reaper.destroyed} destroyed)`);
  }
  const outDir = new URL("../bench-results/", import.meta.url);
  await mkdir(outDir, { recursive: true });
  await writeFile(new URL("latest.json", outDir), `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nwritten: bench-results/latest.json");
} finally {
  await platform.close();
}
