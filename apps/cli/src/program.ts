/**
 * The command tree and its help. Each action imports its command file on first use, so
 * `bd --help` loads no database driver.
 */
import { Command, Option } from "commander";
import { connectFormats, sandboxStatuses } from "@bd/core";
import type { CliContext } from "./cli-context.js";

export type ContextFactory = (json: boolean) => CliContext;

const exitCodesHelp = `
Exit codes:
  0  success
  1  runtime failure (a server is unreachable or refused, quota reached)
  2  bad input (invalid name, TTL, guild id, flag; ambiguous id; confirmation missing)
  3  sandbox not found

Environment (every default points at a local service):
  DATABASE_URL, REDIS_URL, AMQP_URL, NATS_URL, RABBITMQ_MANAGEMENT_URL,
  SANDBOX_DEFAULT_TTL_HOURS (24), SANDBOX_MAX_PER_DEVELOPER (3), BD_OWNER`;

export interface ProgramHooks {
  readonly makeContext: ContextFactory;
  /** Runs a command's work; the composition root's one catch lives there. */
  readonly run: (work: () => Promise<void>) => Promise<void>;
  /** Reports commander's own usage errors (unknown flag, missing argument). */
  readonly usageError: (message: string) => void;
}

export function buildProgram({ makeContext, run, usageError }: ProgramHooks): Command {
  // Set before any subcommand is added: commander copies these settings into subcommands.
  const program = new Command("bd")
    .exitOverride()
    .configureOutput({ outputError: usageError })
    .description("Isolated Discord bot sandboxes on shared PostgreSQL, Redis, RabbitMQ and NATS.")
    .version("0.1.0")
    .showSuggestionAfterError(true)
    .addHelpText("after", exitCodesHelp);

  const sandbox = program
    .command("sandbox")
    .description("create, inspect, connect to and destroy sandboxes")
    .addHelpText("after", `\nStart here:\n  bd sandbox create\n  eval "$(bd sandbox connect <name>)"\n  bd sandbox destroy <name>`);

  const json = new Option("--json", "print one JSON document for scripts");

  sandbox
    .command("create")
    .description("create a sandbox: its own schema, Redis prefix, exchange/queue, NATS subjects and stream")
    .argument("[name]", "2-63 chars a-z 0-9 '-' (default sandbox-<owner>-<random>)")
    .option("--ttl <ttl>", "lifetime: 30m, 24h, 7d or hours (default SANDBOX_DEFAULT_TTL_HOURS)")
    .option("--owner <owner>", "developer who owns it (default BD_OWNER, git user, $USER)")
    .addOption(json)
    .addHelpText("after", `\nExamples:\n  bd sandbox create\n  bd sandbox create my-feature --ttl 48h\n  bd sandbox create --json | jq -r .sandbox.id`)
    .action((name: string | undefined, options: { json?: boolean; ttl?: string; owner?: string }) =>
      run(async () => (await import("./commands/create.js")).run(makeContext(options.json === true), name, options)),
    );

  sandbox
    .command("list")
    .description("list sandboxes (live ones unless --all)")
    .option("--all", "include destroyed sandboxes")
    .option("--owner <owner>", "only this developer's")
    .addOption(new Option("--status <status>", "only this status").choices(sandboxStatuses))
    .addOption(json)
    .action((options: { json?: boolean; all?: boolean; owner?: string; status?: string }) =>
      run(async () => (await import("./commands/list.js")).run(makeContext(options.json === true), options)),
    );

  sandbox
    .command("status")
    .description("show a sandbox and check each of its resources in its server")
    .argument("<sandbox>", "name, id, or id prefix of 8+ hex digits")
    .addOption(json)
    .action((ref: string, options: { json?: boolean }) =>
      run(async () => (await import("./commands/status.js")).run(makeContext(options.json === true), ref)),
    );

  sandbox
    .command("connect")
    .description("print the environment a worker needs: eval \"$(bd sandbox connect <sandbox>)\"")
    .argument("<sandbox>", "name, id, or id prefix of 8+ hex digits")
    .addOption(new Option("--format <format>", "env (export lines), dotenv, or json").choices(connectFormats))
    .addOption(json)
    .action((ref: string, options: { json?: boolean; format?: string }) =>
      run(async () => (await import("./commands/connect.js")).run(makeContext(options.json === true), ref, options)),
    );

  sandbox
    .command("destroy")
    .description("destroy sandboxes and everything they hold (safe to run twice)")
    .argument("[sandboxes...]", "names, ids, or id prefixes")
    .option("--all", "every live sandbox of the owner (yours unless --owner)")
    .option("--owner <owner>", "with --all: whose sandboxes")
    .option("-y, --yes", "do not ask for confirmation (needed for --all without a terminal)")
    .addOption(json)
    .action((refs: string[], options: { json?: boolean; all?: boolean; yes?: boolean; owner?: string }) =>
      run(async () => (await import("./commands/destroy.js")).run(makeContext(options.json === true), refs, options)),
    );

  return program;
}
