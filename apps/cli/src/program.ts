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

/** A command file's entry: the context, then commander's positional arguments and options. */
type CommandRun = (ctx: CliContext, ...args: never[]) => Promise<void>;

export function buildProgram({ makeContext, run, usageError }: ProgramHooks): Command {
  // commander calls an action with the positional arguments, the options, then the Command.
  const lazy =
    (load: () => Promise<CommandRun>) =>
    (...args: unknown[]) => {
      const passed = args.slice(0, -1);
      const options = (passed.at(-1) ?? {}) as { json?: boolean };
      return run(async () => (await load())(makeContext(options.json === true), ...(passed as never[])));
    };

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
    .option("--guild <id>", "route this guild's events to the sandbox; 'auto' leases a free pool guild (repeatable)", collect, [])
    .option("--verify", "run the isolation probe before reporting success; destroy the sandbox if it fails")
    .addOption(json)
    .addHelpText(
      "after",
      `\nExamples:\n  bd sandbox create\n  bd sandbox create my-feature --ttl 48h --guild 1180000000000000001\n  bd sandbox create --guild auto --json | jq -r .sandbox.id`,
    )
    .action(lazy(async () => (await import("./commands/create.js")).run));

  sandbox
    .command("list")
    .description("list sandboxes (live ones unless --all)")
    .option("--all", "include destroyed sandboxes")
    .option("--owner <owner>", "only this developer's")
    .addOption(new Option("--status <status>", "only this status").choices(sandboxStatuses))
    .addOption(json)
    .action(lazy(async () => (await import("./commands/list.js")).run));

  sandbox
    .command("status")
    .description("show a sandbox and check each of its resources in its server")
    .argument("<sandbox>", "name, id, or id prefix of 8+ hex digits")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/status.js")).run));

  sandbox
    .command("connect")
    .description("print the environment a worker needs: eval \"$(bd sandbox connect <sandbox>)\"")
    .argument("<sandbox>", "name, id, or id prefix of 8+ hex digits")
    .addOption(new Option("--format <format>", "env (export lines), dotenv, or json").choices(connectFormats))
    .addOption(json)
    .action(lazy(async () => (await import("./commands/connect.js")).run));

  sandbox
    .command("destroy")
    .description("destroy sandboxes and everything they hold (safe to run twice)")
    .argument("[sandboxes...]", "names, ids, or id prefixes")
    .option("--all", "every live sandbox of the owner (yours unless --owner)")
    .option("--owner <owner>", "with --all: whose sandboxes")
    .option("-y, --yes", "do not ask for confirmation (needed for --all without a terminal)")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/destroy.js")).run));

  sandbox
    .command("register-guild")
    .description("route these guilds' Discord events to the sandbox (a guild belongs to one live sandbox)")
    .argument("<sandbox>", "name, id, or id prefix")
    .argument("<guild-ids...>", "Discord guild snowflakes (17-20 digits)")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/guild-mapping.js")).register));

  sandbox
    .command("unregister-guild")
    .description("send these guilds' events to production again")
    .argument("<sandbox>", "name, id, or id prefix")
    .argument("<guild-ids...>", "Discord guild snowflakes")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/guild-mapping.js")).unregister));

  sandbox
    .command("verify")
    .description("prove isolation: with only the sandbox's credentials, try its own resources and foreign ones")
    .argument("<sandbox>", "name, id, or id prefix")
    .option("--against <sandbox>", "the sandbox to try as the foreign one (default: another running sandbox)")
    .addOption(json)
    .addHelpText("after", `\nExits 1 if any foreign access succeeds or any own access fails. Backends that only separate\nsandboxes by name show as NOT ENFORCED (a failure under SANDBOX_REQUIRE_ISOLATION).`)
    .action(lazy(async () => (await import("./commands/verify.js")).run));

  sandbox
    .command("extend")
    .description("give a running sandbox a new expiry: now + TTL (at most the maximum TTL)")
    .argument("<sandbox>", "name, id, or id prefix")
    .requiredOption("--ttl <ttl>", "30m, 24h, 7d or hours")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/extend.js")).run));

  sandbox
    .command("cleanup")
    .description("one reaper pass now: destroy expired and stuck sandboxes, remove orphaned resources")
    .option("--dry-run", "print what the pass would do, change nothing")
    .addOption(json)
    .addHelpText("after", `\nOrphans are resources named like a sandbox's (sandbox_<sid>, sandbox:<sid>:*, sandbox.<sid>.*,\nSANDBOX_<sid>) that belong to no sandbox that is not destroyed. Nothing else is touched.`)
    .action(lazy(async () => (await import("./commands/cleanup.js")).run));

  const guilds = program
    .command("guilds")
    .description("the pool of test guilds that 'bd sandbox create --guild auto' leases from")
    .addHelpText("after", `\nDiscord does not let bots create guilds: add the team's human-made test guilds here once.`);
  guilds
    .command("add")
    .description("add a test guild to the pool")
    .argument("<guild-id>", "Discord guild snowflake")
    .option("--label <text>", "what the guild is for")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/guilds.js")).add));
  guilds
    .command("list")
    .description("list pool guilds and which sandbox holds each")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/guilds.js")).list));
  guilds
    .command("remove")
    .description("remove a free guild from the pool")
    .argument("<guild-id>", "Discord guild snowflake")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/guilds.js")).remove));

  program
    .command("events")
    .description("drive sandboxes without Discord")
    .command("emit")
    .description("publish a realistic Discord gateway dispatch to the ingress (gateway.<kind>.<type>)")
    .argument("<event-type>", "MESSAGE_CREATE, INTERACTION_CREATE, GUILD_CREATE, GUILD_MEMBER_ADD, …")
    .requiredOption("--guild <id>", "the guild the event happens in")
    .option("--data <json>", "a JSON object merged over the event's d")
    .addOption(json)
    .addHelpText("after", `\nExample:\n  bd events emit MESSAGE_CREATE --guild 1180000000000000001 --data '{"content":"!rank"}'`)
    .action(lazy(async () => (await import("./commands/emit.js")).run));

  program
    .command("router")
    .description("route ingress events (gateway.>) to sandboxes by guild, and all others to production")
    .option("--port <port>", "HTTP port for /health and /metrics (0 picks a free one)", "9464")
    .option("--host <host>", "HTTP address to listen on", "127.0.0.1")
    .option("--ack-wait <ms>", "redeliver an event not acknowledged within this time", "10000")
    .option("--resync <ms>", "reload the whole guild map at least this often", "30000")
    .action(lazy(async () => (await import("./commands/router.js")).run));

  program
    .command("nats")
    .description("NATS operator mode: per-sandbox users the server enforces")
    .command("init")
    .description("make operator, system and application account keys, and the server config to include")
    .option("--dir <dir>", "where to write keys, config and creds", ".bd/nats")
    .option("--force", "replace existing keys (every credential minted with them stops working)")
    .addOption(json)
    .action(lazy(async () => (await import("./commands/nats-init.js")).run));

  program
    .command("reaper")
    .description("expire and clean up sandboxes every SANDBOX_CLEANUP_INTERVAL_MINUTES (one leader among many)")
    .action(lazy(async () => (await import("./commands/reaper.js")).run));

  return program;
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
