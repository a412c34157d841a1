/**
 * The few RabbitMQ management HTTP API calls bd needs: AMQP itself can neither list what exists
 * nor manage users. Credentials travel in an Authorization header, never in a logged URL.
 */
import { ErrorCode, redactUrl, SandboxError } from "@bd/core";

export interface RabbitmqManagement {
  /** True when the API answers and bd's user may manage users (the administrator tag). */
  canManageUsers(): Promise<boolean>;
  /** Names of the queues, exchanges or users (users are not per virtual host). */
  listNames(kind: "queues" | "exchanges" | "users"): Promise<readonly string[]>;
  /** Creates or replaces a user limited to names matching `permission` in the virtual host. */
  putConfinedUser(user: string, passwordHash: string, permission: string): Promise<void>;
  /** Deletes a user (RabbitMQ closes its connections); absent users are fine. */
  deleteUser(user: string): Promise<void>;
  userExists(user: string): Promise<boolean>;
}

export function createRabbitmqManagement(managementUrl: string, amqpUrl: string): RabbitmqManagement {
  const base = new URL(managementUrl);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString("base64")}`;
  base.username = "";
  base.password = "";
  const root = base.toString().endsWith("/") ? base.toString() : `${base}/`;
  const vhostPath = new URL(amqpUrl).pathname.slice(1);
  const vhost = encodeURIComponent(vhostPath === "" ? "/" : decodeURIComponent(vhostPath));

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(new URL(path, root), {
        method,
        headers: { authorization: auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (cause) {
      throw new SandboxError(ErrorCode.BackendUnavailable, `RabbitMQ management API is unreachable at ${redactUrl(managementUrl)} (enable the rabbitmq_management plugin)`, { cause });
    }
  }

  async function expectOk(response: Response, what: string, allow404 = false): Promise<Response> {
    if (response.ok || (allow404 && response.status === 404)) return response;
    throw new SandboxError(ErrorCode.ProvisionFailed, `RabbitMQ management API at ${redactUrl(managementUrl)} answered ${response.status} to ${what}`);
  }

  let canManage: Promise<boolean> | undefined;
  return {
    canManageUsers: () =>
      (canManage ??= call("GET", "api/whoami").then(
        async (response) => response.ok && /administrator/.test(String(((await response.json()) as { tags?: unknown }).tags)),
        () => false,
      )),

    async listNames(kind) {
      const path = kind === "users" ? "api/users?columns=name" : `api/${kind}/${vhost}?columns=name`;
      const response = await expectOk(await call("GET", path), `GET /${path}`);
      return ((await response.json()) as { name: string }[]).map((item) => item.name);
    },

    async putConfinedUser(user, passwordHash, permission) {
      const name = encodeURIComponent(user);
      await expectOk(await call("PUT", `api/users/${name}`, { password_hash: passwordHash, hashing_algorithm: "rabbit_password_hashing_sha256", tags: "" }), "PUT user");
      await Promise.all([
        call("PUT", `api/permissions/${vhost}/${name}`, { configure: permission, write: permission, read: permission }).then((r) => expectOk(r, "PUT permissions")),
        call("PUT", `api/topic-permissions/${vhost}/${name}`, { exchange: permission, write: ".*", read: ".*" }).then((r) => expectOk(r, "PUT topic permissions")),
      ]);
    },

    async deleteUser(user) {
      await expectOk(await call("DELETE", `api/users/${encodeURIComponent(user)}`), "DELETE user", true);
    },

    async userExists(user) {
      const response = await expectOk(await call("GET", `api/users/${encodeURIComponent(user)}`), "GET user", true);
      return response.ok;
    },
  };
}
