import { connectFormats, ErrorCode, formatConnectionEnv, SandboxError, type ConnectFormat } from "@bd/core";
import type { CliContext } from "../cli-context.js";

export async function run(ctx: CliContext, ref: string, options: { format?: string }): Promise<void> {
  const format = (options.format ?? (ctx.out.json ? "json" : "env")) as ConnectFormat;
  if (!connectFormats.includes(format)) {
    throw new SandboxError(ErrorCode.InvalidArgument, `unknown format "${options.format}": use ${connectFormats.join(", ")}`);
  }
  const { service } = await ctx.platform();
  const { env } = await service.connect(ref);
  // Printed as-is even with --json: the JSON format is the same object either way.
  ctx.out.result(formatConnectionEnv(env, format), env);
}
