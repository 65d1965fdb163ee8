// Issue 16 in a real headless Chromium: the founder imports the operator's
// НОК results through the preview; the museum's director drafts next year's
// plan from the museum's assessment and adds an item that provides
// «наличие и доступность питьевой воды»; staff closes it and the director
// accepts it; the plan's НОК section moves by exactly that condition's
// points (2,00: one comfort condition of 2.1 at 80 is 0.5·20/5); the
// dashboard sorts by score. Screenshots at 390 and 1366 px of the import
// preview and of the plan's НОК section; every page passes axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { useServer, login, clickAndWait, checkA11y, shot, demoYear, testNow, artifacts } from "./harness.mjs";

const env = useServer();
const museum = "Муниципальное бюджетное учреждение культуры «Краеведческий музей»";
const library = "Муниципальное бюджетное учреждение культуры «Центральная городская библиотека»";
const s = {};
const planYear = demoYear + 1; // the museum has its demo plan for demoYear
const water = "наличие и доступность питьевой воды";

// A 1×1 PNG: the photo of the cooler.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

// score reads «83,76» as a number; fmt writes one back.
const score = (t) => Number(t.trim().split(/\s/)[0].replace(",", "."));
const fmt = (v) => v.toFixed(2).replace(".", ",");
const totals = async (page) => ({
  assessed: score(await page.locator("#nok-assessed").textContent()),
  today: score(await page.locator("#nok-today").textContent()),
  forecast: score(await page.locator("#nok-forecast").textContent()),
});

// The operator's table as operators send it: a title row, a header, a row
// per institution by name, decimal commas, semicolons, a district average.
function operatorCSV() {
  const codes = ["1.1", "1.2", "1.3", "2.1", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3"];
  const row = (name, v) => [name, ...codes.map((c) => (typeof v === "function" ? v(c) : v))].join(";");
  return [
    `Результаты независимой оценки качества условий оказания услуг, ${demoYear} год`,
    ["Наименование организации", ...codes].join(";"),
    row(museum, (c) => (c === "2.1" ? "80" : "70")),
    row(library, "95,5"),
    row("Среднее по району", "82,75"),
  ].join("\n") + "\n";
}

test("founder imports the operator's table through the preview", async () => {
  const f = (s.founder = await login(env, "founder@example.org"));
  await f.goto(env.base + "/founder");
  await clickAndWait(f, "a[href='/founder/assessments']");
  await checkA11y(f, "assessments page");
  await f.setViewportSize({ width: 390, height: 900 });
  await shot(f, "nok-assessments-390");
  await f.setViewportSize({ width: 1280, height: 720 });
  const file = path.join(env.dataDir, "nok.csv");
  writeFileSync(file, operatorCSV());
  await f.fill("#year", String(demoYear));
  await f.fill("#operator", "ООО «Центр социальных исследований»");
  await f.fill("#decision_date", `${demoYear}-11-20`);
  await f.fill("#decision_number", "12");
  await f.setInputFiles("#file", file);
  await clickAndWait(f, "form[enctype] button[type=submit]");
  assert.match(await f.locator("[role=status]").textContent(), /без ошибок \(2\)/);
  const rows = f.locator("table.nok-preview tbody tr");
  assert.equal(await rows.count(), 2, "the district average is not an institution");
  assert.match(await rows.nth(0).textContent(), /Краеведческий музей.*71,00/s);
  await checkA11y(f, "import preview");
  for (const width of [390, 1366]) {
    await f.setViewportSize({ width, height: 900 });
    await shot(f, `nok-preview-${width}`);
  }
  await f.setViewportSize({ width: 1280, height: 720 });
  await clickAndWait(f, "button:has-text('Сохранить результаты (2)')");
  assert.match(await f.locator("[role=status]").textContent(), /новых оценок — 2/);
  const list = await f.locator("table.dash tbody").textContent();
  assert.match(list, /71,00/);
  assert.match(list, /95,50/);
  // The museum's assessment by hand: the form a founder corrects.
  await clickAndWait(f, `table.dash tbody tr:has-text("Краеведческий музей") a`);
  assert.match(await f.locator("h1").textContent(), /Краеведческий музей/);
  await checkA11y(f, "assessment entry form");
  await f.setViewportSize({ width: 390, height: 1400 });
  await shot(f, "nok-entry-390", false);
  await f.setViewportSize({ width: 1280, height: 720 });
});

test("the museum's director drafts next year's plan from its assessment", async () => {
  const d = (s.director = await login(env, "director@example.org"));
  await d.goto(env.base + "/plans/new");
  await d.selectOption("#prop-institution", { label: museum });
  await d.fill("#prop-year", String(planYear));
  await clickAndWait(d, "form[action='/plans/new/proposal'] button[type=submit]");
  await checkA11y(d, "proposal");
  await d.setViewportSize({ width: 390, height: 1400 });
  await shot(d, "nok-proposal-390", false);
  await d.setViewportSize({ width: 1280, height: 720 });
  const items = d.locator("ol.nok-proposal > li");
  assert.ok((await items.count()) >= 10, "an item per indicator below 100");
  assert.match(await d.locator("ol.nok-proposal").textContent(), new RegExp(`Установить кулер с питьевой водой \\(${water}\\)`));
  // The 2.1 item would provide three conditions at once: the director
  // leaves it out and adds a cooler of its own below.
  await d.locator("ol.nok-proposal > li", { hasText: "Обеспечить комфортные условия" }).locator("input[name=keep]").uncheck();
  await clickAndWait(d, "button:has-text('Создать план с отмеченными мероприятиями')");
  assert.match(await d.locator("[role=status]").textContent(), /План создан по результатам оценки/);
  s.planURL = d.url().split("?")[0];
  assert.match(await d.locator("#h-nok").textContent(), /Оценка качества \(НОК\)/);
  s.before = await totals(d);
  assert.equal(s.before.assessed, 71, "the assessment's total");
  assert.equal(s.before.today, 71, "nothing done yet");
  await checkA11y(d, "plan with its НОК section");
});

test("an item providing drinking water adds exactly its points to the forecast", async () => {
  const d = s.director;
  await clickAndWait(d, "a:has-text('Добавить мероприятие')");
  await d.selectOption("#section", "2");
  await d.fill("#indicator", "2.1");
  await d.fill("#measure", "Установить кулер с питьевой водой в фойе");
  await d.fill("#checklist", "Договор на поставку воды");
  await d.fill("#deadline", `II квартал ${planYear}`);
  await d.selectOption("#add_condition", "2.1.water");
  await checkA11y(d, "item form with НОК conditions");
  await clickAndWait(d, "form button[type=submit]:has-text('Сохранить')");
  s.itemURL = d.url();
  s.itemID = s.itemURL.match(/\/items\/(\d+)/)[1];
  assert.match(await d.locator("main").textContent(), new RegExp(water));
  await d.goto(s.planURL);
  s.mid = await totals(d);
  assert.equal(fmt(s.mid.forecast), fmt(s.before.forecast + 2), "the forecast rises by the condition's 2,00");
  assert.equal(s.mid.today, s.before.today, "today waits for acceptance");
  assert.match(await d.locator(`[data-item='${s.itemID}']`).textContent(), /\+2,00 балла/);
  // Assign it to the staff member.
  await d.locator(`input[name=ids][value='${s.itemID}']`).check();
  await d.selectOption("#bulk-assignee", { label: "Смирнова Анна Игоревна, Научный сотрудник" });
  await clickAndWait(d, "#bulk-bar button[type=submit]");
});

test("staff closes it, the director accepts it: today's score rises by exactly those points", async () => {
  const st = await login(env, "staff@example.org");
  await st.goto(s.itemURL);
  await st.fill("#implemented", "Кулер с питьевой водой установлен в фойе, договор на поставку воды заключён");
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Novokuznetsk" }).format(testNow);
  await st.fill("#completed_on", today);
  const photo = path.join(env.dataDir, "кулер.png");
  writeFileSync(photo, png);
  await st.setInputFiles("#evidence", photo);
  await clickAndWait(st, "#form-submit button[type=submit]");
  assert.match(await st.locator("#item-status").textContent(), /на проверке/);
  await st.goto(s.planURL);
  assert.equal((await totals(st)).today, s.before.today, "awaiting acceptance is not done");

  const d = s.director;
  await d.goto(s.itemURL);
  await clickAndWait(d, "form:has(input[value=accept]) button");
  // Issue 14.7: unticked checklist points make the acceptance ask first.
  if (await d.locator("input[name=confirm]").count()) await clickAndWait(d, "button:has-text('Принять всё равно')");
  assert.match(await d.locator("#item-status").textContent(), /выполнено/);
  await d.goto(s.planURL);
  const after = await totals(d);
  assert.equal(fmt(after.today), fmt(s.before.today + 2), "today rises by the condition's 2,00");
  assert.equal(fmt(after.forecast), fmt(s.mid.forecast), "the forecast already counted it");
  assert.equal(await d.locator(`[data-item='${s.itemID}']`).count(), 0, "no longer an open item");
  await checkA11y(d, "plan after acceptance");
  const section = d.locator("#nok");
  for (const width of [390, 1366]) {
    await d.setViewportSize({ width, height: 900 });
    await section.screenshot({ path: path.join(artifacts, `nok-plan-${width}.png`) });
  }
  await d.setViewportSize({ width: 1280, height: 720 });
});

test("the dashboard sorts by score", async () => {
  const f = s.founder;
  await f.goto(env.base + "/founder");
  await clickAndWait(f, "table.dash thead a:has-text('Балл НОК')");
  assert.match(await f.locator("th[aria-sort]").textContent(), /Балл НОК/);
  const names = await f.locator("table.dash tbody th").allTextContents();
  assert.match(names[0], /Краеведческий музей/, "the lowest score first");
  assert.match(names[1], /Центральная городская библиотека/);
  const cells = await f.locator("table.dash tbody td[data-nok=score]").allTextContents();
  assert.match(cells[0], /71,00/);
  assert.match(cells[1], /95,50/);
  assert.match(await f.locator("#h-nok-avg").textContent(), /оценено: 2/);
  await checkA11y(f, "dashboard sorted by score");
  await shot(f, "nok-dashboard");
});
