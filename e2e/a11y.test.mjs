// Accessibility of issue 7 on the demo data: axe-core on every kind of page
// in Russian and, for the main ones, English; journey 2 walked with the
// keyboard only; every kind of page at 200 % zoom without sideways
// scrolling (issue 14).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, login, newPage, clickAndWait, checkA11y, shot } from "./harness.mjs";
import { checkEveryPage } from "./tour.mjs";

const env = useServer();
const library = "/p/centralnaya-biblioteka";

// publishedReport returns the address of the demo library's published
// report (the demo plans are of the current year) from its index page.
const publishedReport = (page) => page.locator(`main a[href^='${library}/']`).first().getAttribute("href");

// as signs a demo user in once for the Russian and English sweeps (the
// browser closes their pages at the end).
const sessions = new Map();
async function as(email) {
  if (!sessions.has(email)) sessions.set(email, await login(env, email));
  return sessions.get(email);
}

test("the axe check fails on an inaccessible page", async () => {
  const p = await newPage(env);
  await p.setContent(`<html><body><p style="color:#bbb">бледный текст</p><img src="x.png"><input id="x"></body></html>`);
  await assert.rejects(checkA11y(p, "a bad page"), (e) => /color-contrast[\s\S]*image-alt[\s\S]*label/.test(e.message));
  await p.context().close();
});

// sweep visits some signed-in pages of one user and checks each; plans and
// items are found on the pages themselves, as a user would. The journeys
// check the pages they pass; this adds the rest and the demo data's states
// (overdue and due-soon badges, items awaiting acceptance, reports).
async function sweep(page, label, pages) {
  const check = (what) => checkA11y(page, `${what} (${label})`);
  const go = async (url, what) => { await page.goto(env.base + url); await check(what); };
  const want = new Set(pages);
  for (const [url, what] of [["/", "home"], ["/my", "my tasks"], ["/profile", "profile"], ["/settings/notifications", "notification settings"],
    ["/settings/calendar", "calendar settings"], ["/institutions", "institutions"]]) {
    if (want.has(what)) await go(url, what);
  }
  if (want.has("members")) await go(await page.locator("a[href$='/members']").first().getAttribute("href"), "members");
  if (!["plan table", "board", "item page", "item form", "new item form", "approval page", "progress report"].some((w) => want.has(w))) return;
  await page.goto(env.base + "/");
  await clickAndWait(page, "table.list a[href^='/plans/']");
  if (want.has("plan table")) await check("plan table");
  const id = page.url().match(/\/plans\/(\d+)/)[1];
  await go(`/plans/${id}/board`, "board");
  const item = await page.locator("li.card a[href^='/items/']").first().getAttribute("href");
  if (want.has("item page")) await go(item, "item page");
  if (want.has("item form")) await go(item + "/edit", "item form");
  if (want.has("new item form")) await go(`/plans/${id}/items/new`, "new item form");
  if (want.has("approval page")) await go(`/plans/${id}/approval`, "approval page");
  if (want.has("progress report")) {
    await page.goto(`${env.base}/plans/${id}/approval`);
    await clickAndWait(page, "a[href*='/reports/']");
    await check("progress report");
  }
}

test("every page passes axe in Russian", async () => {
  const anon = await newPage(env);
  await anon.goto(env.base + "/login");
  await checkA11y(anon, "login");
  await clickAndWait(anon, "a[href='/password/forgot']");
  await checkA11y(anon, "password forgotten");
  await anon.goto(env.base + "/login");
  await anon.fill("#email", "director@example.org");
  await anon.fill("#password", "wrong password");
  await clickAndWait(anon, "button[type=submit]");
  await checkA11y(anon, "login with an error");
  await anon.goto(env.base + library);
  const report = await publishedReport(anon);
  for (const url of [report, report + "?mode=vi", library, library + "/1999"]) {
    await anon.goto(env.base + url);
    await checkA11y(anon, "public " + url);
  }
  await anon.context().close();

  const director = await as("director@example.org");
  await sweep(director, "director", ["profile", "notification settings", "calendar settings", "institutions", "members",
    "plan table", "board", "item page", "new item form", "approval page"]);
  const staff = await as("staff@example.org");
  await sweep(staff, "staff", ["home", "my tasks", "item page"]);
  const director2 = await as("director2@example.org");
  await sweep(director2, "library director", ["plan table", "approval page", "progress report"]);
  // Issue 14.7: the review queue and an item awaiting acceptance, report first.
  await director2.goto(env.base + "/review");
  await checkA11y(director2, "review queue (library director)");
  await clickAndWait(director2, ".review-card a[href^='/items/']");
  await checkA11y(director2, "item awaiting acceptance, report first");
  const founder = await as("founder@example.org");
  await founder.goto(env.base + "/founder?sort=overdue&kind=library");
  await checkA11y(founder, "founder dashboard, filtered");
  const admin = await as("admin@example.org");
  for (const url of ["/admin", "/admin/mail", "/admin/audit"]) {
    await admin.goto(env.base + url);
    await checkA11y(admin, "admin " + url);
  }
});

test("the main pages pass axe in English", async () => {
  const director = await as("director@example.org");
  await director.goto(env.base + "/");
  await clickAndWait(director, "header button[value=en]");
  assert.equal(await director.locator("html").getAttribute("lang"), "en");
  await sweep(director, "director, en", ["home", "my tasks", "profile", "plan table", "board", "item page", "item form", "approval page"]);
  await director.goto(env.base + "/review");
  await checkA11y(director, "review queue (en)");
  const founder = await as("founder@example.org");
  await founder.goto(env.base + "/");
  await clickAndWait(founder, "header button[value=en]");
  await founder.goto(env.base + "/founder");
  await checkA11y(founder, "founder dashboard (en)");
  await clickAndWait(founder, "header button[value=ru]");
  await director.goto(env.base + "/");
  await clickAndWait(director, "header button[value=ru]");
});

// focusInfo describes the focused element and whether its focus can be
// seen: a non-zero outline or a box shadow.
const focusInfo = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || el.value || "").trim().slice(0, 60),
    href: el.getAttribute("href") || "", name: el.getAttribute("name") || "", value: el.getAttribute("value") || "",
    form: el.form ? el.form.id || el.form.getAttribute("action") : "",
    visible: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none",
  };
});

// tabTo presses Tab (or Shift+Tab) until the focused element matches, and
// checks on the way that every focused element shows its focus.
async function tabTo(page, match, { back = false, max = 150 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focusInfo(page);
    if (f.tag !== "body") assert.ok(f.visible, `focus is visible on ${JSON.stringify(f)} at ${page.url()}`);
    if (match(f)) return f;
  }
  assert.fail(`${back ? "Shift+Tab" : "Tab"} never reached the wanted element on ${page.url()}`);
}

const press = (page, key) => Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);

test("journey 2 with the keyboard only: staff takes a task, closes it with proof, comments", async () => {
  const staff = await login(env, "staff@example.org");
  // Only the keyboard from here on; the page is read for assertions.
  await tabTo(staff, (f) => f.href === "/my");
  await press(staff, "Enter");
  assert.equal(new URL(staff.url()).pathname, "/my");
  const target = await staff.locator("section.column[data-status='planned'] li.card a[href^='/items/']").first().getAttribute("href");
  await tabTo(staff, (f) => f.href === target);
  await press(staff, "Enter");
  assert.equal(new URL(staff.url()).pathname, target);
  assert.match(await staff.locator("#item-status").textContent(), /запланировано/);
  await tabTo(staff, (f) => f.tag === "button" && f.text === "Взять в работу");
  await press(staff, "Space");
  assert.match(await staff.locator("#item-status").textContent(), /в работе/);

  await tabTo(staff, (f) => f.id === "implemented");
  await staff.keyboard.type("Установлен кулер с питьевой водой в холле");
  await tabTo(staff, (f) => f.id === "link");
  await staff.keyboard.type("https://example.org/foto/kuler.jpg");
  // Past the button, then back to it.
  await tabTo(staff, (f) => f.id === "evidence-more");
  await tabTo(staff, (f) => f.tag === "button" && f.form === "form-submit", { back: true });
  await press(staff, "Enter");
  assert.match(await staff.locator("#item-status").textContent(), /на проверке/);
  assert.match(await staff.locator("#evidence-list").textContent(), /example\.org\/foto\/kuler\.jpg/);
  assert.match(await staff.locator("#report .facts").textContent(), /Установлен кулер/);

  await tabTo(staff, (f) => f.id === "body");
  await staff.keyboard.type("Фото кулера приложено ссылкой.");
  await staff.keyboard.press("Tab");
  assert.equal((await focusInfo(staff)).text, "Отправить");
  await press(staff, "Enter");
  assert.match(await staff.locator("#comments article.comment").last().textContent(), /Фото кулера приложено/);
  await shot(staff, "keyboard-item");
  await staff.context().close();
});

test("every page reflows at 200 % zoom: no sideways scrolling, axe clean", async () => {
  // 1280 CSS pixels at 200 % are 640 CSS pixels on a 2× screen. The public
  // report's tables must not scroll inside themselves either.
  const zoom = { viewport: { width: 640, height: 900 }, deviceScaleFactor: 2 };
  await checkEveryPage(env, zoom, { label: "at 200 %", each: async (p, role, kind) => {
    if (role !== "anonymous" || !kind.startsWith("public")) return;
    const wraps = await p.evaluate(() => [...document.querySelectorAll(".table-wrap")].map((w) => [w.scrollWidth, w.clientWidth]));
    for (const [s, c] of wraps) assert.ok(s <= c, `${kind}: the table scrolls sideways (${s} > ${c})`);
    const name = { "public report": "zoom-public", "public report (visually impaired)": "zoom-public-vi", "public index": "zoom-index" }[kind];
    if (name) await shot(p, name, false);
  } });
});
