/**
 * The composition root of `bd`: the one file that reads process.env, and the one place where
 * errors become exit codes. Nothing below prints a stack trace (BD_DEBUG=1 does).
 */
import { execFileSync } from "node:child_process";
import { createInterface } from "node:readline/promises";
import { CommanderError } from "commander";
import { asSandboxError, ErrorCode, ExitCode, parseConfig, SandboxError, type Config } from "@bd/core";
import type { Platform } from "@bd/platform";
import type { CliContext } from "./cli-context.js";
import { createOutput } from "./output.js";
import { buildProgram } from "./program.js";

export async function main(argv: readonly string[]): Promise<number> {
  const wantsJson = argv.includes("--json");
  const fallbackOut = createOutput(process, wantsJson);
  let platform: Platform | undefined;
  let config: Config | undefined;
  let exitCode: number = ExitCode.Ok;

  const makeContext = (json: boolean): CliContext => {
    config ??= parseConfig(process.env, { gitUserName: process.env.BD_OWNER ? undefined : gitUserName() });
    const resolved = config;
    return {
      config: resolved,
      out: createOutput(process, json),
      // Loaded on first use: `bd --help` and bad input never pay for four server clients.
      platform: async () => (platform ??= (await import("@bd/platform")).createPlatform(resolved, { faultAfterStep: process.env.BD_FAULT_AFTER_STEP })),
      confirm: askYesNo,
      now: () => new Date(),
      untilStopped,
    };
  };

  const run = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      exitCode = report(error, fallbackOut);
    }
  };

  const program = buildProgram({
    makeContext,
    run,
    usageError: (message) => fallbackOut.error(new SandboxError(ErrorCode.InvalidArgument, firstLine(message))),
  });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; every other commander error is bad input.
      exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    } else {
      exitCode = report(error, fallbackOut);
    }
  } finally {
    await platform?.close();
  }
  return exitCode;
}

function report(error: unknown, out: ReturnType<typeof createOutput>): number {
  if (process.env.BD_DEBUG) console.error(error);
  const known = asSandboxError(error);
  out.error(known);
  return known.exitCode;
}

function firstLine(message: string): string {
  return message.replace(/^error:\s*/, "").split("\n")[0]!.trim();
}

function gitUserName(): string | undefined {
  try {
    return execFileSync("git", ["config", "user.name"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 2000 }).trim();
  } catch {
    return undefined;
  }
}

function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", stop).off("SIGINT", stop);
      resolve(signal);
    };
    process.on("SIGTERM", stop).on("SIGINT", stop);
  });
}

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
