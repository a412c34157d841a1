/**
 * The router's Prometheus metrics, kept as plain numbers and rendered in the text format.
 * Recording is a few additions: cheap enough for the hot path.
 */
export type Destination = "sandbox" | "production" | "dead_letter";

// Routing latency buckets in seconds: sub-millisecond resolution where the targets are.
const buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1];

export class RouterMetrics {
  readonly routed: Record<Destination, number> = { sandbox: 0, production: 0, dead_letter: 0 };
  forwardErrors = 0;
  mapSize = 0;
  mapReloads = 0;
  consumerPending = 0;
  readonly #counts = new Array<number>(buckets.length + 1).fill(0);
  #sum = 0;
  #count = 0;

  observeRouting(seconds: number): void {
    let index = buckets.findIndex((bound) => seconds <= bound);
    if (index === -1) index = buckets.length;
    this.#counts[index]! += 1;
    this.#sum += seconds;
    this.#count += 1;
  }

  render(): string {
    const lines = [
      "# HELP bd_router_events_total Events forwarded, by destination.",
      "# TYPE bd_router_events_total counter",
      ...Object.entries(this.routed).map(([destination, n]) => `bd_router_events_total{destination="${destination}"} ${n}`),
      "# HELP bd_router_forward_errors_total Forwards that failed and were handed back for redelivery.",
      "# TYPE bd_router_forward_errors_total counter",
      `bd_router_forward_errors_total ${this.forwardErrors}`,
      "# HELP bd_router_routing_seconds Time from receiving an ingress event to its forward being stored.",
      "# TYPE bd_router_routing_seconds histogram",
    ];
    let cumulative = 0;
    buckets.forEach((bound, i) => {
      cumulative += this.#counts[i]!;
      lines.push(`bd_router_routing_seconds_bucket{le="${bound}"} ${cumulative}`);
    });
    lines.push(
      `bd_router_routing_seconds_bucket{le="+Inf"} ${this.#count}`,
      `bd_router_routing_seconds_sum ${this.#sum}`,
      `bd_router_routing_seconds_count ${this.#count}`,
      "# HELP bd_router_guild_map_size Guilds mapped to live sandboxes.",
      "# TYPE bd_router_guild_map_size gauge",
      `bd_router_guild_map_size ${this.mapSize}`,
      "# HELP bd_router_guild_map_reloads_total Loads of the guild map.",
      "# TYPE bd_router_guild_map_reloads_total counter",
      `bd_router_guild_map_reloads_total ${this.mapReloads}`,
      "# HELP bd_router_consumer_pending Ingress events not yet delivered or acknowledged (consumer lag).",
      "# TYPE bd_router_consumer_pending gauge",
      `bd_router_consumer_pending ${this.consumerPending}`,
    );
    return `${lines.join("\n")}\n`;
  }
}
