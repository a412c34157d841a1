/**
 * A private nats-server with JetStream on a free port, as nats.js's own tests do: a test that
 * stops or restarts NATS never touches the machine's server or another test's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initNats } from "@bd/platform";
import { freePort, waitForPort } from "./ports.ts";

export interface NatsServer {
  readonly url: string;
  readonly port: number;
  /** In operator mode: the bd key file to pass as BD_NATS_AUTH. */
  readonly authFile: string | undefined;
  stop(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** `operator: true` runs it in operator mode with keys from `bd nats init`. */
export async function startNatsServer(options: { operator?: boolean } = {}): Promise<NatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), "bd-nats-"));
  const init = options.operator ? await initNats(join(storeDir, "auth")) : undefined;
  const configArgs = init ? ["-c", init.serverConfig] : [];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    child = spawn("nats-server", [...configArgs, "-a", "127.0.0.1", "-p", String(port), "-js", "-sd", join(storeDir, "js")], { stdio: "ignore" });
    await waitForPort(port);
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  }

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    authFile: init?.authFile,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}
