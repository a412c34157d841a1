/**
 * What each NATS user may publish and subscribe to, as data. A sandbox's user reaches only its
 * own subjects, its own inbox prefix, and the JetStream API of its own stream; the router and
 * production workers get just what their roles need.
 */
import { routingNames, type ResourceNames } from "./naming.js";

export interface NatsPermissions {
  readonly pub: readonly string[];
  readonly sub: readonly string[];
}

export function sandboxNatsPermissions(names: ResourceNames): NatsPermissions {
  const stream = names.natsStream;
  return {
    pub: [
      names.natsSubjects,
      "$JS.API.INFO",
      `$JS.API.STREAM.INFO.${stream}`,
      `$JS.API.STREAM.MSG.GET.${stream}`,
      `$JS.API.CONSUMER.CREATE.${stream}`,
      `$JS.API.CONSUMER.CREATE.${stream}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
      `$JS.API.CONSUMER.INFO.${stream}.>`,
      `$JS.API.CONSUMER.DELETE.${stream}.>`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
      `$JS.API.CONSUMER.NAMES.${stream}`,
      `$JS.API.CONSUMER.LIST.${stream}`,
      `$JS.ACK.${stream}.>`,
      `$JS.FC.${stream}.>`,
    ],
    sub: [names.natsSubjects, `${names.natsInboxPrefix}.>`],
  };
}

/** The router: consume the ingress, publish to sandboxes, production and the dead-letter subject. */
export const routerNatsPermissions: NatsPermissions = Object.freeze({
  pub: ["$JS.API.>", "sandbox.*.events.>", "sandbox.*.commands.>", ...routingNames.productionSubjects, routingNames.deadLetterSubject, `$JS.ACK.${routingNames.ingressStream}.>`],
  sub: ["_INBOX.>"],
});

/** Production workers: production's subjects and its stream, nothing of any sandbox's. */
export const productionNatsPermissions: NatsPermissions = Object.freeze({
  pub: [...routingNames.productionSubjects, "$JS.API.INFO", `$JS.API.STREAM.INFO.${routingNames.productionStream}`, `$JS.API.CONSUMER.*.${routingNames.productionStream}`, `$JS.API.CONSUMER.*.${routingNames.productionStream}.>`, `$JS.API.CONSUMER.MSG.NEXT.${routingNames.productionStream}.>`, `$JS.ACK.${routingNames.productionStream}.>`],
  sub: [...routingNames.productionSubjects, "_INBOX.>"],
});
