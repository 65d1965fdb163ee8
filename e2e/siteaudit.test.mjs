// The site audit (docs/site-audit.md) in a real headless Chromium: the
// museum's director records the site (served by this test on loopback, so
// the operator's switch for private addresses is on), asks for a check,
// reloads until the results are there, opens a finding's evidence, adds a
// missing channel to the plan and finds it there; without JavaScript too;
// axe-core and screenshots at 1366 and 390 px.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";

process.env.PLANBOARD_WEBHOOK_ALLOW_PRIVATE = "1";
process.env.PLANBOARD_SITE_AUDIT_PAUSE_MS = "0";
process.env.PLANBOARD_MAIL_INTERVAL = "200ms";

const { useServer, login, clickAndWait, checkA11y, shot } = await import("./harness.mjs");
const env = useServer();

// The museum's site: a telephone, an e-mail address and a few sections;
// no FAQ, no form, no questionnaire.
const pages = {
  "/": `<nav><a href="/about">О музее</a> <a href="/docs">Документы</a></nav>
        <p>Телефон: <a href="tel:+73842111111">+7 (3842) 11-11-11</a>, почта: <a href="mailto:museum@example.org">museum@example.org</a></p>
        <p>Адрес: г. Кемерово, ул. Весенняя, 1. Режим работы: вт–вс 10:00–18:00.</p>`,
  "/about": `<h1>О музее</h1><h2>Учредитель</h2><p>Министерство культуры</p><img src="/logo.png">`,
  "/docs": `<h1>Документы</h1><a href="/files/ustav.pdf">Устав</a>`,
};
const site = http.createServer((req, res) => {
  const body = pages[new URL(req.url, "http://x").pathname];
  if (!body) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="ru"><head><title>Краеведческий музей</title></head><body>${body}</body></html>`);
});
await new Promise((r) => site.listen(0, "127.0.0.1", r));
const siteURL = `http://127.0.0.1:${site.address().port}/`;
after(() => site.close());

// sitePath is the museum's site page, found from the institutions list.
async function sitePath(page) {
  await page.goto(env.base + "/institutions");
  const href = await page.locator("main a[href$='/site']").first().getAttribute("href");
  assert.match(href, /^\/institutions\/\d+\/site$/);
  return href;
}

// awaitResults reloads the page until the run's results are shown.
async function awaitResults(page) {
  for (let i = 0; i < 60; i++) {
    if (await page.locator("#results").count()) return;
    await new Promise((r) => setTimeout(r, 250));
    await page.reload();
  }
  assert.fail("the check's results did not appear");
}

for (const js of [true, false]) {
  test(`the director checks the site and plans a gap (JavaScript ${js ? "on" : "off"})`, async () => {
    const page = await login(env, "director@example.org", { js, viewport: { width: 1366, height: 900 } });
    const path = await sitePath(page);
    await page.goto(env.base + path);
    await page.fill("#url", siteURL);
    await clickAndWait(page, "form[action$='/site'] button[type=submit]");
    assert.equal(await page.locator("[role=status]").textContent(), "Адрес сайта сохранён.");
    await clickAndWait(page, "form[action$='/site/run'] button");
    assert.match(await page.locator("[role=status]").textContent(), /Проверка запрошена/);
    await awaitResults(page);

    const estimate = page.locator("#estimate tbody tr").first();
    assert.match(await estimate.textContent(), /60 \(способов найдено: 2\)/, "1.2 = 60 for a telephone and an e-mail");
    const gaps = await page.locator("#gaps").textContent();
    assert.match(gaps, /на сайте не найдено наличие раздела официального сайта «Часто задаваемые вопросы»: −30 баллов показателя 1\.2/);

    // A finding's evidence: the page and the link that matched.
    const phone = page.locator("#check-1-2-phone");
    const evidence = phone.locator("details").first();
    assert.equal(await evidence.getAttribute("open"), null);
    await evidence.locator("summary").click();
    assert.notEqual(await evidence.getAttribute("open"), null, "the evidence opens");
    assert.match(await evidence.textContent(), /\+7 \(3842\) 11-11-11.*tel:\+73842111111/s);
    assert.equal(await evidence.locator(`a[href='${siteURL}']`).count(), 1, "the page it was found on is a link");
    const charter = await page.locator("#check-277-charter").textContent();
    assert.match(charter, /Найдено/);

    if (js) await checkA11y(page, "site page"); // axe runs in the page: JavaScript on
    if (js) {
      await shot(page, "siteaudit-1366");
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, "siteaudit-390");
      await shot(page, "siteaudit-390-top", false);
      await page.locator("#check-1-2-phone").scrollIntoViewIfNeeded();
      await shot(page, "siteaudit-390-checks", false);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `no horizontal scrolling at 390 px (${wide})`);
    }

    // From gap to task: a different channel in each run (the first is in the plan by then).
    const [id, measure] = js ? ["1-2-faq", "Создать на официальном сайте раздел «Часто задаваемые вопросы»"]
      : ["1-2-opinion", "Разместить на официальном сайте анкету для оценки качества условий оказания услуг или ссылку на неё (bus.gov.ru)"];
    await clickAndWait(page, `#check-${id} form[action$='/plan'] button`);
    assert.match(await page.locator("[role=status]").textContent(), /Мероприятие добавлено в план/);
    assert.match(await page.locator(`#check-${id}`).textContent(), /Мероприятие уже есть в плане/);
    await page.goto(env.base + "/");
    const plan = await page.locator("main a[href^='/plans/']").first().getAttribute("href");
    await page.goto(env.base + plan + "/board");
    assert.ok((await page.locator("main").textContent()).includes(measure), "the measure is on the plan's board");
    await page.context().close();
  });
}
