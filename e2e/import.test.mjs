// Issue 15 in a real headless Chromium: the director downloads a plan as
// Word from its page, imports the file on «Новый план» as next year's plan
// through the preview, and finds its items on the board; with and without
// JavaScript. The preview is photographed at 390 px and 1366 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useServer, login, clickAndWait, checkA11y, shot, demoYear } from "./harness.mjs";

const env = useServer();

async function importJourney(js, year) {
  const tag = js ? "js" : "nojs";
  const a11y = js ? checkA11y : async () => {};
  const base = env.base;
  const director = await login(env, "director@example.org", { js, viewport: { width: 1366, height: 900 } });
  // The demo museum plan, downloaded as Word from its page.
  await director.goto(base + "/");
  const planHref = await director.locator(`a[href^='/plans/']:has-text('${demoYear}')`).first().getAttribute("href");
  await director.goto(base + planHref);
  const docxHref = await director.locator("a[href$='/export.docx']").getAttribute("href");
  const res = await director.request.get(base + docxHref);
  assert.equal(res.status(), 200);
  const file = path.join(env.dataDir, `план-${tag}.docx`);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(file, await res.body());
  const measures = await director.locator("table.form-table tbody a[href^='/items/']").allTextContents();
  assert.ok(measures.length >= 3, "the demo plan has items");

  // «Новый план»: the upload says which formats are read.
  await director.goto(base + "/plans/new");
  assert.match(await director.locator("#import-formats").textContent(), /\.docx.*\.xlsx/);
  await director.setInputFiles("#import-file", file);
  await clickAndWait(director, "form[action='/plans/import'] button[type=submit]");
  assert.match(director.url(), /\/plans\/import\/\d+$/);
  const preview = director.url();
  assert.match(await director.locator("p.flash[role=status]").textContent(), /прочитан/);
  assert.equal(await director.locator("ol.import-rows > li").count(), measures.length, "every row is listed");
  await a11y(director, "import preview");
  if (js) {
    await shot(director, "import-preview-1366");
    await shot(director, "import-preview-1366-top", false);
    const phone = await login(env, "director@example.org", { js, viewport: { width: 390, height: 844 } });
    await phone.goto(preview);
    await shot(phone, "import-preview-390");
    await shot(phone, "import-preview-390-top", false);
    await phone.locator("#row-2").scrollIntoViewIfNeeded();
    await shot(phone, "import-preview-390-row", false);
    // The page's own content fits (the site header's menu is the layout's,
    // outside this page); checked at 390 and 320 px.
    for (const width of [390, 320]) {
      await phone.setViewportSize({ width, height: 800 });
      const wide = await phone.evaluate(() => [...document.querySelectorAll("main *")]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map((e) => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`));
      assert.deepEqual(wide, [], `the preview is wider than ${width} px`);
    }
    await phone.context().close();
  }
  // Next year's plan: correct the year, drop the last row, create.
  await director.fill("#year", String(year));
  await director.fill("#title", `План из файла ${year}`);
  const last = director.locator("ol.import-rows > li input[name^='keep-']").last();
  await last.uncheck();
  await clickAndWait(director, "form.import-form button[name=confirm]");
  assert.match(director.url(), /\/plans\/\d+$/);
  assert.match(await director.locator("p.flash[role=status]").textContent(), new RegExp(`План создан из файла: мероприятий — ${measures.length - 1}`));
  assert.match(await director.locator("h1").textContent(), new RegExp(`План из файла ${year}`));
  await a11y(director, "imported plan");
  // The items are on the board.
  const planURL = director.url().replace(/\?.*$/, "");
  await director.goto(planURL + "/board");
  const cards = await director.locator("li.card").allTextContents();
  const board = cards.join("\n");
  for (const m of measures.slice(0, -1)) {
    assert.ok(board.includes(m.trim()), `the board shows «${m.trim()}»`);
  }
  await shot(director, `import-board-${tag}`);
  // The print view of the new plan: the official form.
  await director.goto(planURL + "/print");
  assert.match(await director.locator(".approve").textContent(), /УТВЕРЖДАЮ/);
  assert.equal(await director.locator("nav, form").count(), 0);
  await director.context().close();
}

test("import a .docx through the preview with JavaScript", async () => importJourney(true, demoYear + 1));
test("import a .docx through the preview without JavaScript", async () => importJourney(false, demoYear + 2));
