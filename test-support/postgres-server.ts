/**
 * A private PostgreSQL cluster on a free port, made with the machine's initdb, so a test can
 * restart PostgreSQL under a running router without touching the shared server.
 */
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, waitForPort } from "./ports.ts";

const run = promisify(execFile);
const version = readdirSync("/usr/lib/postgresql").sort().at(-1);
const bin = (name: string) => `/usr/lib/postgresql/${version}/bin/${name}`;

export interface PostgresServer {
  readonly url: string;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

// initdb and postgres refuse to run as root; run them as the postgres user when we are root.
function asPostgres(command: string, args: string[]) {
  return process.getuid?.() === 0 ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);
}

export async function startPostgres(): Promise<PostgresServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "bd-pg-"));
  if (process.getuid?.() === 0) await chown(dir, Number((await run("id", ["-u", "postgres"])).stdout), Number((await run("id", ["-g", "postgres"])).stdout));
  const data = join(dir, "data");
  await asPostgres(bin("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const ctl = (action: string) =>
    asPostgres(bin("pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "-m", "fast", action]);
  await ctl("start");
  await waitForPort(port);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      await ctl("restart");
      await waitForPort(port);
    },
    async dispose() {
      await ctl("stop").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
