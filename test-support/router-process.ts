/** A real `bd router` child process, started and stopped the way an operator would. */
import { spawn, type ChildProcess } from "node:child_process";
import { bdBin } from "./run-bd.ts";

export interface RouterProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything it logged (pino JSON lines). */
  logs(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startRouter(env: Readonly<Record<string, string>>, args: readonly string[] = []): Promise<RouterProcess> {
  const child = spawn(process.execPath, [bdBin, "router", "--port", "0", "--ack-wait", "2000", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`router did not start:\n${output}`)), 20_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`router exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    port,
    logs: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
  };
}
