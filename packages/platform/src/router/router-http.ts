/** The router's small HTTP face: GET /health for probes, GET /metrics for Prometheus. */
import { createServer, type Server } from "node:http";
import type { Router } from "./router.js";

export function startRouterHttp(router: Router, port: number, host = "127.0.0.1"): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/metrics") {
      response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(router.metrics.render());
      return;
    }
    if (request.method === "GET" && request.url === "/health") {
      const healthy = router.connected && router.guildMap.loadedAt !== undefined;
      const body = { status: healthy ? "ok" : "unavailable", nats: router.connected, guilds: router.guildMap.size, mapLoadedAt: router.guildMap.loadedAt?.toISOString() ?? null };
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found: try /health or /metrics" }));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
