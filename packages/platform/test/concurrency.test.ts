import assert from "node:assert/strict";
import { after, test } from "node:test";
import { SandboxError } from "@bd/core";
import { createPlatform } from "@bd/platform";
import { testConfig } from "../../../test-support/servers.ts";

const platform = createPlatform(testConfig({ SANDBOX_MAX_PER_DEVELOPER: "3" }));
after(async () => {
  for (const sandbox of await platform.service.list({ owner: platform.context.config.owner })) await platform.service.destroy(sandbox.id);
  await platform.close();
});

function codeOf(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === "fulfilled") return "ok";
  return outcome.reason instanceof SandboxError ? outcome.reason.code : String(outcome.reason);
}

test("10 simultaneous creates by one owner with limit 3 give exactly 3 sandboxes", async () => {
  const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => platform.service.create({})));
  const codes = outcomes.map(codeOf).sort();
  assert.deepEqual(codes, [...Array(3).fill("ok"), ...Array(7).fill("QUOTA_EXCEEDED")].sort());
  const live = await platform.service.list({ owner: platform.context.config.owner });
  assert.equal(live.length, 3);
  assert.ok(live.every((s) => s.status === "running"));
});

test("a destroyed sandbox frees its place under the limit and its name", async () => {
  const [first] = await platform.service.list({ owner: platform.context.config.owner });
  assert.ok(first);
  await platform.service.destroy(first.id);
  const again = await platform.service.create({ name: first.name });
  assert.equal(again.name, first.name);
});

test("simultaneous creates of one name give exactly one sandbox", async () => {
  const other = createPlatform(testConfig({ SANDBOX_MAX_PER_DEVELOPER: "10" }));
  const name = `race-${other.context.config.owner}`;
  try {
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => other.service.create({ name })));
    assert.deepEqual(outcomes.map(codeOf).sort(), ["NAME_TAKEN", "NAME_TAKEN", "NAME_TAKEN", "NAME_TAKEN", "ok"]);
  } finally {
    await other.service.destroy(name).catch(() => {});
    await other.close();
  }
});

test("a sandbox stuck in destroying does not count against the limit", async () => {
  const one = createPlatform(testConfig({ SANDBOX_MAX_PER_DEVELOPER: "1" }));
  try {
    const first = await one.service.create({});
    await assert.rejects(one.service.create({}), { code: "QUOTA_EXCEEDED" });
    assert.ok(await one.context.store.transition(first.id, "running", "destroying"), "as if its destroy had died");
    const second = await one.service.create({});
    assert.equal(second.status, "running");
    for (const id of [first.id, second.id]) await one.service.destroy(id);
  } finally {
    await one.close();
  }
});
