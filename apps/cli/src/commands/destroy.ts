import { ErrorCode, SandboxError, type Sandbox } from "@bd/core";
import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";

export interface DestroyOptions {
  readonly all?: boolean;
  readonly yes?: boolean;
  readonly owner?: string;
}

export async function run(ctx: CliContext, refs: readonly string[], options: DestroyOptions): Promise<void> {
  if (options.all === true && refs.length > 0) {
    throw new SandboxError(ErrorCode.InvalidArgument, "give sandboxes or --all, not both");
  }
  if (options.all !== true && refs.length === 0) {
    throw new SandboxError(ErrorCode.InvalidArgument, "name the sandboxes to destroy, or use --all");
  }
  if (options.owner !== undefined && options.all !== true) {
    throw new SandboxError(ErrorCode.InvalidArgument, "--owner goes with --all");
  }
  const { service } = await ctx.platform();
  // Resolve every sandbox before touching any, so one bad name changes nothing.
  const targets: readonly Sandbox[] = options.all ? await service.destroyTargets(options.owner) : await Promise.all(refs.map(service.resolve));
  if (options.all === true) await confirmAll(ctx, targets, options.yes === true);

  const results = [];
  for (const target of targets) {
    ctx.out.note(`Destroying sandbox ${target.name} …`);
    results.push(await service.destroy(target.id, ctx.out.progress));
  }
  const human =
    results.length === 0
      ? "Nothing to destroy."
      : results
          .map(({ sandbox, alreadyDestroyed }) =>
            alreadyDestroyed ? `Sandbox ${sandbox.name} was already destroyed; its resources are confirmed gone.` : `Destroyed sandbox ${sandbox.name} (${sandbox.id}).`,
          )
          .join("\n");
  ctx.out.result(human, { destroyed: results.map((r) => ({ ...sandboxJson(r.sandbox), alreadyDestroyed: r.alreadyDestroyed })) });
}

async function confirmAll(ctx: CliContext, targets: readonly Sandbox[], yes: boolean): Promise<void> {
  if (yes || targets.length === 0) return;
  if (!ctx.out.interactive || ctx.out.json) {
    throw new SandboxError(ErrorCode.ConfirmationRequired, `destroy --all would destroy ${targets.length} sandboxes: add --yes to confirm`);
  }
  const names = targets.map((t) => t.name).join(", ");
  if (!(await ctx.confirm(`Destroy ${targets.length} sandbox${targets.length === 1 ? "" : "es"} (${names})? [y/N] `))) {
    throw new SandboxError(ErrorCode.ConfirmationRequired, "nothing destroyed: not confirmed");
  }
}
