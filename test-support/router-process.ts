/** Real `bd router` / `bd reaper` child processes, started and stopped the way an operator would. */
import { spawn, type ChildProcess } from "node:child_process";
import { bdBin } from "./run-bd.ts";

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything it logged (pino JSON lines). */
  logs(): string;
  /** Resolves once the logs match, or rejects after the timeout. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface RouterProcess extends ServiceProcess {
  readonly port: number;
}

export async function startService(args: readonly string[], env: Readonly<Record<string, string>>, ready: RegExp): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [bdBin, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const service: ServiceProcess = {
    child,
    logs: () => output,
    async waitForLog(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bd ${args[0]} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
        if (Date.now() > deadline) throw new Error(`bd ${args[0]} did not log ${pattern} in ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
  };
  await service.waitForLog(ready);
  return service;
}

export async function startRouter(env: Readonly<Record<string, string>>, args: readonly string[] = []): Promise<RouterProcess> {
  const service = await startService(["router", "--port", "0", "--ack-wait", "2000", ...args], env, /"port":\d+/);
  return { ...service, port: Number(/"port":(\d+)/.exec(service.logs())![1]) };
}
