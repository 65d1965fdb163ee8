// The visitors' questionnaire in a real headless Chromium: a visitor answers
// on a phone (320 and 390 px) without JavaScript and with it, staff type in
// 20 paper forms with the keyboard alone, and the director's results count
// exactly those forms by source, and a suggestion becomes a plan item
// linked both ways. Screenshots at 1366 and 390 px in
// e2e/artifacts/ (survey-*.png); every page passes axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, login, newPage, clickAndWait, checkA11y, shot } from "./harness.mjs";

const env = useServer();
const q = "/q/centralnaya-biblioteka";
const keys = ["stand_used", "stand_ok", "site_used", "site_ok", "comfort", "disability", "access_ok", "polite_first",
  "polite_served", "remote_used", "polite_remote", "recommend", "organisation", "overall"];
const follow = { stand_ok: "stand_used", site_ok: "site_used", access_ok: "disability", polite_remote: "remote_used" };
const s = {};

// counts reads the results' first table: this month's forms by source.
async function counts(page) {
  const cells = await page.locator("#respondents + .table-wrap tbody tr").first().locator("td").allTextContents();
  const [web, kiosk, paper, total] = cells.map((t) => Number(t.trim()));
  return { web, kiosk, paper, total };
}

async function resultsURL(page) {
  await page.goto(env.base + "/institutions");
  return page.locator("a[href$='/survey']").first().getAttribute("href"); // the library: director2's one institution
}

test("the director's results before anyone answers", async () => {
  s.dir = await login(env, "director2@example.org", { viewport: { width: 1366, height: 900 } });
  s.results = await resultsURL(s.dir);
  assert.match(s.results, /^\/institutions\/\d+\/survey$/);
  await s.dir.goto(env.base + s.results);
  s.before = await counts(s.dir);
  await checkA11y(s.dir, "questionnaire results");
});

test("a visitor answers on a 320 px phone without JavaScript", async () => {
  const page = await newPage(env, { js: false, viewport: { width: 320, height: 640 } });
  await page.goto(env.base + q);
  // (axe needs JavaScript: the same page is checked with it below.)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `no sideways scrolling at 320 px (${wide})`);
  // Every question shows, the follow-ups say when to answer them.
  assert.equal(await page.locator("fieldset[data-filter]:visible").count(), 4);
  // Sent with one question left out: the message at the top, the choices kept.
  for (const k of keys) {
    if (k === "comfort") continue;
    const v = k === "stand_used" ? "no" : "yes";
    await page.check(`input[name="${k}"][value="${v}"]`);
  }
  await page.fill("#suggestion", "Нужна скамейка у входа");
  await clickAndWait(page, "button[type=submit]");
  assert.match(await page.locator("#error-summary").textContent(), /вопрос 5/);
  assert.ok(await page.locator('input[name="recommend"][value="yes"]').isChecked(), "the choices are kept");
  assert.equal(await page.inputValue("#suggestion"), "Нужна скамейка у входа");
  await shot(page, "survey-320-nojs-error");
  await page.check('input[name="comfort"][value="yes"]');
  await clickAndWait(page, "button[type=submit]");
  const thanks = await page.locator("main").textContent();
  assert.match(thanks, /Спасибо за ответы!/);
  assert.match(thanks, /Ответ на вопрос 2 не учтён: на вопрос 1 вы ответили «Нет»\./);
  assert.match(thanks, /bus\.gov\.ru/);
  await page.context().close();
});

test("a visitor answers on a 390 px phone with JavaScript: follow-ups appear only when they apply", async () => {
  const page = await newPage(env, { viewport: { width: 390, height: 800 } });
  await page.goto(env.base + q);
  assert.equal(await page.locator("fieldset[data-filter]:visible").count(), 0, "no follow-up before its filter");
  await page.check('input[name="disability"][value="yes"]');
  assert.ok(await page.locator("#q-access_ok").isVisible(), "the follow-up appears after «Да»");
  await page.check('input[name="disability"][value="no"]');
  assert.ok(!(await page.locator("#q-access_ok").isVisible()), "and goes after «Нет»");
  for (const k of keys) {
    if (follow[k] && !["stand_used", "site_used"].includes(follow[k])) continue;
    if (k === "disability" || k === "remote_used") { await page.check(`input[name="${k}"][value="no"]`); continue; }
    await page.check(`input[name="${k}"][value="yes"]`);
  }
  await shot(page, "survey-390-js");
  await checkA11y(page, "questionnaire with JavaScript");
  await clickAndWait(page, "button[type=submit]");
  assert.match(await page.locator("[role=status]").textContent(), /анкета получена/);
  await checkA11y(page, "thank-you page");
  await page.context().close();
  const wide = await newPage(env, { viewport: { width: 1366, height: 900 } });
  await wide.goto(env.base + q + "?large=1");
  await shot(wide, "survey-1366-large");
  await wide.context().close();
});

test("staff type in 20 paper forms with the keyboard alone", async () => {
  const page = await login(env, "staff2@example.org", { viewport: { width: 1366, height: 900 } });
  await page.goto(env.base + s.results + "/paper?rows=20");
  await checkA11y(page, "paper entry");
  await page.focus("#batch");
  await page.keyboard.type("Выставка, декабрь");
  for (let r = 1; r <= 20; r++) {
    await page.keyboard.press("Tab");
    for (const k of keys) {
      // Filters «Нет» on every form, so their follow-ups stay empty; form 4 was not satisfied overall.
      const v = ["stand_used", "site_used", "disability", "remote_used"].includes(k) ? "н" : (k === "overall" && r === 4 ? "н" : "д");
      if (!follow[k]) await page.keyboard.type(v);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Tab"); // sex
    await page.keyboard.press("Tab"); // age
    if (r === 1) await page.keyboard.type("Больше подписей к экспонатам");
  }
  await shot(page, "survey-paper-1366");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.match(await page.locator("[role=status]").textContent(), /Сохранено анкет: 20/);
  await page.context().close();
});

test("the director sees the counts move by exactly those forms", async () => {
  await s.dir.goto(env.base + s.results);
  const after = await counts(s.dir);
  assert.deepEqual(after, { web: s.before.web + 2, kiosk: s.before.kiosk, paper: s.before.paper + 20, total: s.before.total + 22 });
  const overall = await s.dir.locator("#ind-5\\.3 td").first().textContent();
  assert.match(overall, /^\s*95,45/, "21 of 22 satisfied overall"); // 2 web «Да», 19 of 20 paper
  assert.match(await s.dir.locator("#suggestions").locator("xpath=following-sibling::ul[1]").textContent(), /Больше подписей к экспонатам[\s\S]*Нужна скамейка у входа/);
  await shot(s.dir, "survey-results-1366");
  const phone = await login(env, "director2@example.org", { viewport: { width: 390, height: 800 } });
  await phone.goto(env.base + s.results);
  await shot(phone, "survey-results-390");
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the results page does not scroll sideways at 390 px (${wide})`);
  await checkA11y(phone, "questionnaire results on a phone");
  await phone.context().close();
});

test("a suggestion becomes a plan item, linked both ways", async () => {
  await s.dir.goto(env.base + s.results);
  const li = s.dir.locator("ul.suggestions li", { hasText: "Нужна скамейка у входа" });
  await Promise.all([s.dir.waitForNavigation(), li.getByRole("button", { name: "Добавить в план" }).click()]);
  assert.match(await s.dir.locator("[role=status]").textContent(), /Предложение добавлено в план: пункт V\.\d+/);
  const link = s.dir.locator("ul.suggestions li", { hasText: "Нужна скамейка у входа" }).getByRole("link", { name: /в плане: пункт V\.\d+/ });
  await Promise.all([s.dir.waitForNavigation(), link.click()]);
  assert.match(await s.dir.locator("body").textContent(), /Предложение посетителя: Нужна скамейка у входа[\s\S]*из анкеты посетителя от \d\d\.\d\d\.\d{4}/);
  await checkA11y(s.dir, "an item made from a suggestion");
});
