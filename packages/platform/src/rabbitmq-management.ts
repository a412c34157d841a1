/**
 * The few RabbitMQ management HTTP API calls bd needs; AMQP itself cannot list what exists.
 * Credentials travel in an Authorization header, never in a URL that could be logged.
 */
import { ErrorCode, redactUrl, SandboxError } from "@bd/core";

export interface RabbitmqManagement {
  /** Names of the queues or exchanges in the AMQP URL's virtual host. */
  listNames(kind: "queues" | "exchanges"): Promise<readonly string[]>;
}

export function createRabbitmqManagement(managementUrl: string, amqpUrl: string): RabbitmqManagement {
  const base = new URL(managementUrl);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString("base64")}`;
  base.username = "";
  base.password = "";
  const vhostPath = new URL(amqpUrl).pathname.slice(1);
  const vhost = encodeURIComponent(vhostPath === "" ? "/" : decodeURIComponent(vhostPath));

  return {
    async listNames(kind) {
      const url = new URL(`api/${kind}/${vhost}?columns=name`, base.toString().endsWith("/") ? base : `${base}/`);
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization: auth }, signal: AbortSignal.timeout(5_000) });
      } catch (cause) {
        throw new SandboxError(ErrorCode.BackendUnavailable, `RabbitMQ management API is unreachable at ${redactUrl(managementUrl)} (enable the rabbitmq_management plugin)`, { cause });
      }
      if (!response.ok) {
        throw new SandboxError(ErrorCode.BackendUnavailable, `RabbitMQ management API at ${redactUrl(managementUrl)} answered ${response.status} to GET /api/${kind}`);
      }
      return ((await response.json()) as { name: string }[]).map((item) => item.name);
    },
  };
}
