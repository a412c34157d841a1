/**
 * Create and destroy latency through the sandbox service (warm connections), one at a time
 * and 10 at a time, plus the whole `bd sandbox create` / `destroy` command as a user runs it.
 */
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { parseConfig } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { startNatsServer } from "../../test-support/nats-server.ts";
import { summarize, type Sample } from "./stats.js";

const run = promisify(execFile);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

export async function benchLifecycle(platform: Platform, options: { sequential: number; concurrentBatches: number; cliRuns: number; bdBin: string; env: NodeJS.ProcessEnv }): Promise<Sample[]> {
  const { service } = platform;
  for (let i = 0; i < 3; i += 1) await service.destroy((await service.create({})).id); // warm-up

  const createSeq: number[] = [];
  const destroySeq: number[] = [];
  for (let i = 0; i < options.sequential; i += 1) {
    const [sandbox, createMs] = await timed(() => service.create({}));
    const [, destroyMs] = await timed(() => service.destroy(sandbox.id));
    createSeq.push(createMs);
    destroySeq.push(destroyMs);
  }

  const createPar: number[] = [];
  const destroyPar: number[] = [];
  for (let batch = 0; batch < options.concurrentBatches; batch += 1) {
    const created = await Promise.all(Array.from({ length: 10 }, () => timed(() => service.create({}))));
    createPar.push(...created.map(([, ms]) => ms));
    const destroyed = await Promise.all(created.map(([sandbox]) => timed(() => service.destroy(sandbox.id))));
    destroyPar.push(...destroyed.map(([, ms]) => ms));
  }

  const cliCreate: number[] = [];
  const cliDestroy: number[] = [];
  for (let i = 0; i < options.cliRuns; i += 1) {
    const [created, createMs] = await timed(() => run(process.execPath, [options.bdBin, "sandbox", "create", "--json"], { env: options.env }));
    const id = (JSON.parse(created.stdout) as { sandbox: { id: string } }).sandbox.id;
    const [, destroyMs] = await timed(() => run(process.execPath, [options.bdBin, "sandbox", "destroy", id, "--json"], { env: options.env }));
    cliCreate.push(createMs);
    cliDestroy.push(destroyMs);
  }

  return [
    summarize("create, sequential", createSeq),
    summarize("destroy, sequential", destroySeq),
    summarize("create, 10 at a time", createPar),
    summarize("destroy, 10 at a time", destroyPar),
    summarize("bd sandbox create (whole command)", cliCreate),
    summarize("bd sandbox destroy (whole command)", cliDestroy),
  ];
}

/**
 * Create and destroy with isolation enforced in all four backends: a private nats-server in
 * operator mode, so each create also mints a NATS user JWT and each destroy pushes a revocation.
 */
export async function benchEnforcedLifecycle(owner: string, runs = 30): Promise<Sample[]> {
  const nats = await startNatsServer({ operator: true });
  const stateDir = await mkdtemp(`${tmpdir()}/bd-bench-state-`);
  const platform = createPlatform(parseConfig({ ...process.env, BD_OWNER: owner, SANDBOX_MAX_PER_DEVELOPER: "1000", NATS_URL: nats.url, BD_NATS_AUTH: nats.authFile!, BD_STATE_DIR: stateDir }));
  try {
    const { service } = platform;
    for (let i = 0; i < 3; i += 1) await service.destroy((await service.create({})).id);
    const creates: number[] = [];
    const destroys: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const [sandbox, createMs] = await timed(() => service.create({}));
      if (Object.values(sandbox.isolation).filter((x) => x === "enforced").length !== 4) throw new Error("bench expected all four backends enforced");
      const [, destroyMs] = await timed(() => service.destroy(sandbox.id));
      creates.push(createMs);
      destroys.push(destroyMs);
    }
    return [summarize("create, all four enforced (NATS operator mode)", creates), summarize("destroy, all four enforced (revocation pushed)", destroys)];
  } finally {
    await platform.close();
    await nats.dispose();
  }
}
