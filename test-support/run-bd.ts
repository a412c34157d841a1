/** Runs the real `bd` launcher in a child process, as a user or a script would. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export const bdBin = fileURLToPath(new URL("../apps/cli/bin/bd.js", import.meta.url));

export interface BdResult {
  /** Exit code; null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runBd(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<BdResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bdBin, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const signal = (error?.signal as NodeJS.Signals | undefined) ?? null;
      const code = signal ? null : error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs bd and parses its --json output. */
export async function runBdJson<T = any>(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<BdResult & { json: T }> {
  const result = await runBd([...args, "--json"], env);
  return { ...result, json: JSON.parse(result.stdout) as T };
}
