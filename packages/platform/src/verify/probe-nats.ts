/**
 * NATS attempts, through a plain client with the sandbox's own creds file and inbox prefix.
 * The server answers a forbidden publish or subscription with an asynchronous "Permissions
 * Violation" naming the subject, so each attempt waits briefly for one.
 */
import { readFile } from "node:fs/promises";
import { connect, credsAuthenticator, type NatsConnection } from "@nats-io/transport-node";
import type { Attempt, ConnectionEnv, ProbeTarget } from "@bd/core";
import type { ProbeTargets } from "./probe-targets.js";

const violationWaitMs = 250;

export async function probeNats(env: ConnectionEnv, targets: ProbeTargets): Promise<Attempt[]> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: env.NATS_URL!,
      authenticator: credsAuthenticator(await readFile(env.NATS_CREDS!)),
      inboxPrefix: env.NATS_INBOX_PREFIX!,
      maxReconnectAttempts: 0,
      timeout: 5_000,
    });
  } catch (error) {
    return [{ backend: "nats", target: "own", action: "log in", outcome: "refused", detail: (error as Error).message }];
  }
  const violations: string[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      const message = (status as { error?: Error }).error?.message;
      if (status.type === "error" && message) violations.push(message);
    }
  })();

  const attempts: Attempt[] = [];
  const refusedFor = async (subject: string): Promise<string | undefined> => {
    await nc.flush();
    const deadline = Date.now() + violationWaitMs;
    for (;;) {
      const found = violations.find((v) => v.includes(`"${subject}"`));
      if (found || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const attempt = async (target: ProbeTarget, action: string, subject: string, run: () => Promise<string | void>) => {
    try {
      const detail = await run();
      const refusal = await refusedFor(subject);
      attempts.push({ backend: "nats", target, action, outcome: refusal ? "refused" : "allowed", detail: refusal ?? detail ?? "no violation reported" });
    } catch (error) {
      const message = (error as Error).message;
      attempts.push({ backend: "nats", target, action, outcome: /Permissions Violation/i.test(message) ? "refused" : "failed", detail: message });
    }
  };

  const own = targets.own.natsProbeSubject;
  try {
    await attempt("own", `publish and receive on ${own}`, own, async () => {
      const sub = nc.subscribe(own, { max: 1, timeout: 2_000 });
      nc.publish(own, "probe");
      for await (const message of sub) return `received ${message.string()}`;
      throw new Error("nothing received");
    });
    await attempt("own", `JetStream info of ${env.NATS_STREAM}`, `$JS.API.STREAM.INFO.${env.NATS_STREAM}`, async () => {
      const reply = await nc.request(`$JS.API.STREAM.INFO.${env.NATS_STREAM}`, undefined, { timeout: 2_000 });
      return reply.json<{ config?: { name?: string } }>().config?.name ?? "no stream info";
    });
    if (targets.other) {
      const other = targets.other;
      const subject = other.natsProbeSubject;
      await attempt("other sandbox", `subscribe to ${other.natsSubjects}`, other.natsSubjects, async () => void nc.subscribe(other.natsSubjects));
      await attempt("other sandbox", `publish to ${subject}`, subject, async () => nc.publish(subject, "probe"));
      await attempt("other sandbox", `JetStream info of ${other.natsStream}`, `$JS.API.STREAM.INFO.${other.natsStream}`, async () => nc.publish(`$JS.API.STREAM.INFO.${other.natsStream}`));
    }
    await attempt("production", "subscribe to events.>", "events.>", async () => void nc.subscribe("events.>"));
    await attempt("production", `publish to ${targets.production.natsSubject}`, targets.production.natsSubject, async () => nc.publish(targets.production.natsSubject, "probe"));
    await attempt("production", "subscribe to every inbox (_INBOX.>)", "_INBOX.>", async () => void nc.subscribe("_INBOX.>"));
  } finally {
    await nc.close().catch(() => {});
  }
  return attempts;
}
