/** One reaper pass over 100 expired sandboxes: the time for the whole pass, as cleanup runs it. */
import type { Platform } from "@bd/platform";

export interface ReaperFigure {
  readonly sandboxes: number;
  readonly destroyed: number;
  readonly seconds: number;
}

export async function benchReaper(platform: Platform, count = 100): Promise<ReaperFigure> {
  const ids: string[] = [];
  for (let batch = 0; batch < count / 10; batch += 1) {
    const created = await Promise.all(Array.from({ length: 10 }, () => platform.service.create({})));
    ids.push(...created.map((s) => s.id));
  }
  await platform.backends.db.query("UPDATE bd.sandboxes SET expires_at = now() - interval '1 minute' WHERE id = ANY($1)", [ids]);
  const started = performance.now();
  const report = await platform.reap();
  const seconds = (performance.now() - started) / 1000;
  const destroyed = report.actions.filter((a) => ids.includes(a.sandboxId) && a.outcome === "done").length;
  return { sandboxes: count, destroyed, seconds: Math.round(seconds * 100) / 100 };
}
