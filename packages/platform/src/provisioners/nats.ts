/** A sandbox's JetStream stream `SANDBOX_<sid>` capturing `sandbox.<sid>.>`, single replica. */
import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { resourceOf, resourcePatterns } from "@bd/core";
import { sidsMatching } from "./inventory.js";
import { backendFailure } from "../backend-errors.js";
import type { Backends } from "../backends.js";
import type { Provisioner } from "./provisioner.js";

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}

export function createNatsProvisioner(backends: Backends): Provisioner {
  const url = backends.urls.natsUrl;
  const fail = (action: string, cause: unknown) => backendFailure("nats", url, action, cause);
  let manager: Promise<JetStreamManager> | undefined;
  const jsm = () =>
    (manager ??= backends
      .nats()
      .then((nc) => jetstreamManager(nc))
      .catch((cause) => {
        manager = undefined;
        throw cause;
      }));

  return {
    kind: "nats",

    async ensure(plan) {
      const stream = resourceOf(plan, "nats");
      try {
        const streams = (await jsm()).streams;
        const config = {
          name: stream.stream,
          subjects: [stream.subjects],
          retention: RetentionPolicy.Limits,
          storage: StorageType.File,
          num_replicas: 1,
          discard: DiscardPolicy.Old,
          max_age: nanos(stream.maxAgeSeconds * 1000),
          max_bytes: stream.maxBytes,
          max_msgs: stream.maxMessages,
        };
        // Adding an identical stream again succeeds on the server, which keeps ensure idempotent.
        await streams.add(config);
        return { isolation: "namespace" as const };
      } catch (cause) {
        throw fail(`create stream ${stream.stream}`, cause);
      }
    },

    async destroy(plan) {
      const { stream } = resourceOf(plan, "nats");
      try {
        await (await jsm()).streams.delete(stream);
      } catch (cause) {
        if (!isStreamNotFound(cause)) throw fail(`delete stream ${stream}`, cause);
      }
    },

    async inspect(plan) {
      const { stream, subjects } = resourceOf(plan, "nats");
      try {
        const info = await (await jsm()).streams.info(stream);
        return { kind: "nats", exists: true, detail: `stream ${stream} on ${subjects}: ${info.state.messages} messages`, isolation: "namespace" };
      } catch (cause) {
        if (isStreamNotFound(cause)) return { kind: "nats", exists: false, detail: `stream ${stream} absent`, isolation: "namespace" };
        throw fail(`inspect stream ${stream}`, cause);
      }
    },

    async inventory() {
      const names: string[] = [];
      for await (const name of (await jsm()).streams.names()) names.push(name);
      return sidsMatching(names, resourcePatterns.natsStream);
    },
  };
}
