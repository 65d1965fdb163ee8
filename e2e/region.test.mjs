// The region over its founders (docs/regions.md), as its person would use
// it against the demo data: region@ lands on the region's dashboard, sees
// both founders (the ministry's own and the municipal one) and their four
// institutions, narrows to the municipal founder, opens the recommendations'
// matrix with its gaps; every page passes axe-core and is shot at 1366 and
// 390 px (e2e/artifacts/region-*.png).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, login, clickAndWait, checkA11y, shot } from "./harness.mjs";

const env = useServer();
const municipal = "Управление культуры администрации города Новокузнецка";

for (const [width, height] of [[1366, 900], [390, 844]]) {
  test(`the region's dashboard and matrix at ${width} px`, async () => {
    const r = await login(env, "region@example.org", { viewport: { width, height } });
    assert.match(new URL(r.url()).pathname, /^\/region$/, "a region's person lands on the region's dashboard");
    await checkA11y(r, `region dashboard ${width}`);
    await shot(r, `region-dashboard-${width}`);
    const founders = r.locator("table.dash").first().locator("tbody tr");
    assert.equal(await founders.count(), 2, "the ministry as a founder and the municipal founder");
    const institutions = r.locator("table.dash").nth(1).locator("tbody tr");
    assert.equal(await institutions.count(), 4, "four institutions below the region");
    // Down to the municipal founder: its two institutions only.
    await clickAndWait(r, `table.dash >> nth=0 >> a:has-text("${municipal}")`);
    assert.equal(await r.locator("table.dash").nth(1).locator("tbody tr").count(), 2);
    assert.match(await r.locator("main").textContent(), /Новокузнецкий городской музей/);
    // The page does not scroll sideways on a phone.
    const overflow = await r.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at ${width} px (${overflow} px)`);
    await r.goto(env.base + "/region");
    await clickAndWait(r, "a[href='/region/recommendations']");
    await checkA11y(r, `recommendations matrix ${width}`);
    await shot(r, `region-recommendations-${width}`);
    const sections = r.locator("section.rec");
    assert.equal(await sections.count(), 4, "the four Kuzbass recommendations");
    assert.match(await sections.nth(1).textContent(), /отвечают планы 1 из 4 учреждений/, "the library's marked plan answers the site recommendation");
    assert.match(await sections.nth(1).textContent(), /Не отвечают на рекомендацию \(3\)/);
    const overflow2 = await r.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow2 <= 1, `no horizontal scrolling of the matrix at ${width} px (${overflow2} px)`);
    await r.context().close();
  });
}
