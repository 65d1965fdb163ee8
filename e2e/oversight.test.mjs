// Journey 3 of product.md (the founder checks) and the public report of
// issue 6, as a new user would do it against the demo data: the director
// submits the museum's draft plan, the founder finds it on the dashboard,
// reads the board, comments, returns it with remarks, approves it after the
// resubmission; the director publishes; the public page and every export
// open in the programs people use; the calendar feed parses. Every page on
// the way passes axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { useServer, login, newPage, clickAndWait, checkA11y, shot, root } from "./harness.mjs";
import { officialColumns, pdfText, checkCSV, checkJSON, documentedFields, spreadsheetCSV, sheetXML, checkICS, save } from "./exports.mjs";

const env = useServer();
const slug = "kraevedcheskiy-muzey";
const museum = "Краеведческий музей";
const founderName = "Петрова Ольга Викторовна";
const founderPosition = "Начальник отдела учреждений культуры";
const remarks = "Уточните сроки раздела II и ответственных за доступную среду.";

// Shared between the steps (they run in order, in one file).
const s = {};

const status = (page) => page.locator("main p:has-text('Статус плана') strong").first().textContent();

test("director submits the museum's draft plan", async () => {
  const d = (s.director = await login(env, "director@example.org"));
  const link = d.locator(`tr:has-text("${museum}") a[href^="/plans/"]`);
  s.year = Number((await link.textContent()).match(/^(\d{4}):/)[1]);
  await Promise.all([d.waitForNavigation(), link.click()]);
  s.planURL = d.url();
  s.planID = s.planURL.match(/\/plans\/(\d+)/)[1];
  s.approvalURL = `${env.base}/plans/${s.planID}/approval`;
  await clickAndWait(d, `a[href='/plans/${s.planID}/approval']`);
  assert.match(await status(d), /черновик/);
  await checkA11y(d, "approval page (director, draft)");
  // Issue 14: sending is confirmed on a page of its own, then says so.
  await clickAndWait(d, "a:has-text('Отправить на утверждение учредителю')");
  await checkA11y(d, "submit confirmation");
  await clickAndWait(d, ".confirm-actions button:has-text('Отправить учредителю')");
  assert.match(await d.locator("main p.flash[role=status]").textContent(), /План отправлен учредителю на утверждение/);
  assert.match(await status(d), /на утверждении/);
});

test("founder finds it on the dashboard, filters, sorts and reads the board read-only", async () => {
  const f = (s.founder = await login(env, "founder@example.org"));
  await clickAndWait(f, "nav a[href='/founder']");
  await checkA11y(f, "founder dashboard");
  await shot(f, "founder-dashboard");
  const rows = f.locator("table.dash tbody tr");
  assert.equal(await rows.count(), 2, "both demo institutions");
  // Worst first by default: the museum has done less than the library.
  assert.match(await rows.first().locator("th").textContent(), new RegExp(museum));
  await f.selectOption("#f-status", "submitted");
  await clickAndWait(f, "form.filters button[type=submit]");
  assert.equal(await rows.count(), 1, "only the plan awaiting approval");
  assert.match(await rows.first().textContent(), /план на утверждении/);
  await f.selectOption("#f-status", "");
  await clickAndWait(f, "form.filters button[type=submit]");
  await clickAndWait(f, "table.dash thead a:has-text('Учреждение')");
  assert.match(await f.locator("th[aria-sort]").textContent(), /Учреждение/);
  const names = await f.locator("table.dash tbody th a").allTextContents();
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, "ru")), "sorted by name");

  // Drill down: the institution's plan and board, read-only with comments.
  await clickAndWait(f, `table.dash a[href='/plans/${s.planID}']`);
  assert.equal(await f.locator("input[name=ids], #bulk").count(), 0, "no bulk editing for the founder");
  await checkA11y(f, "plan table (founder, read-only)");
  await clickAndWait(f, `a[href='/plans/${s.planID}/board']`);
  await checkA11y(f, "board (founder)");
  assert.ok(await f.locator("li.card").count() > 0, "the board shows the cards");
  assert.equal(await f.locator("li.card form").count(), 0, "no status buttons for the founder");
  await clickAndWait(f, "li.card a[href^='/items/']");
  assert.equal(await f.locator("#actions, a[href$='/edit']").count(), 0, "the item is read-only for the founder");
  await f.fill("#body", "Когда будет готово? Прошу приложить фото.");
  await clickAndWait(f, "#comments button[type=submit]");
  assert.match(await f.locator("#comments article.comment").last().textContent(), /Прошу приложить фото/);
  assert.match(await f.locator("#comments article.comment").last().textContent(), new RegExp(founderName));
  await checkA11y(f, "item page (founder, after comment)");
});

test("founder returns the plan: remarks are required and shown to the director", async () => {
  const f = s.founder;
  await f.goto(env.base + "/founder");
  await clickAndWait(f, `table.dash a[href='/plans/${s.planID}/approval']:has-text('план на утверждении')`);
  await clickAndWait(f, "button:has-text('Вернуть на доработку')");
  const err = f.locator(".field:has(#remarks) > #remarks-error");
  assert.match(await err.textContent(), /Напишите, что нужно исправить/);
  assert.equal(await f.locator("#remarks").getAttribute("aria-invalid"), "true");
  assert.equal(await f.locator("#remarks").getAttribute("aria-describedby"), "remarks-error");
  assert.match(await status(f), /на утверждении/, "nothing changed");
  await checkA11y(f, "approval page (founder, remarks missing)");
  await f.fill("#remarks", remarks);
  await clickAndWait(f, "button:has-text('Вернуть на доработку')");
  assert.match(await status(f), /черновик/);

  const d = s.director;
  await d.goto(s.approvalURL);
  assert.match(await d.locator(".remarks").textContent(), new RegExp(founderName));
  assert.equal((await d.locator(".remarks blockquote").textContent()).trim(), remarks);
  await checkA11y(d, "approval page (director, returned)");
  await clickAndWait(d, "a:has-text('Отправить на утверждение учредителю')");
  await clickAndWait(d, ".confirm-actions button:has-text('Отправить учредителю')");
  assert.match(await status(d), /на утверждении/);
});

test("founder approves; the director publishes; the plan page links to the public report", async () => {
  const f = s.founder;
  await f.goto(s.approvalURL);
  await checkA11y(f, "approval page (founder, submitted)");
  await clickAndWait(f, "a:has-text('Утвердить план')");
  assert.match(await f.locator(".confirm-what").textContent(), new RegExp(founderName));
  await checkA11y(f, "approve confirmation");
  await clickAndWait(f, ".confirm-actions button:has-text('Утвердить')");
  assert.match(await f.locator("main p.flash[role=status]").textContent(), /План утверждён/);
  assert.match(await status(f), /утверждён/);
  const box = await f.locator(".approve-box").textContent();
  assert.ok(box.includes("УТВЕРЖДАЮ") && box.includes(founderName) && box.includes(founderPosition), box);

  const d = s.director;
  await d.goto(s.approvalURL);
  await clickAndWait(d, "#h-publish ~ form button:has-text('Опубликовать')");
  s.publicPath = `/p/${slug}/${s.year}`;
  assert.equal(new URL(d.url()).pathname, s.publicPath, "publishing shows the public report");
  await d.goto(s.approvalURL);
  assert.match(await d.locator("section[aria-labelledby=h-publish]").textContent(), /Опубликована версия 1/);
  await checkA11y(d, "approval page (director, published)");
  await d.goto(s.planURL);
  assert.equal(await d.locator(`.oversight-links a[href='${s.publicPath}']`).count(), 1, "the plan page links to its public report");
});

test("the public report shows the official table with the approval header", async () => {
  const p = (s.public = await newPage(env));
  await p.goto(env.base + s.publicPath);
  await checkA11y(p, "public report");
  await shot(p, "public-report");
  const head = await p.locator(".approve").textContent();
  for (const want of ["УТВЕРЖДАЮ", founderName, founderPosition]) assert.ok(head.includes(want), `header shows ${want}: ${head}`);
  assert.match(head, /«\d{2}\.\d{2}\.\d{4}»|«\d{1,2} [а-я]+ \d{4}/, "approval date");
  const ths = (await p.locator("table.official thead th").allTextContents()).map((t) => t.trim().replace(/\s+/g, " "));
  for (const c of officialColumns.slice(0, 4)) assert.ok(ths.includes(c), `column ${c}`);
  assert.ok(ths.includes("реализованные меры по устранению выявленных недостатков") && ths.includes("фактический срок реализации"));
  const sections = await p.locator("table.official .section-row th").allTextContents();
  const romans = sections.map((t) => (t.match(/^([IV]+)\. /) || [])[1]).filter(Boolean);
  assert.deepEqual(romans, ["I", "II", "III", "IV", "V"].slice(0, romans.length), `sections in the form's order: ${sections}`);
  assert.ok(romans.length >= 3, `sections: ${sections}`);
  s.rows = await p.locator("table.official tbody tr:not(.section-row)").count();
  assert.ok(s.rows > 5, "the plan's items are in the table");

  await clickAndWait(p, "a:has-text('Версия для слабовидящих')");
  assert.ok(p.url().endsWith("?mode=vi"));
  assert.equal(await p.locator("body.vi").count(), 1);
  await checkA11y(p, "public report, visually-impaired mode");
  await shot(p, "public-report-vi");
  await clickAndWait(p, "a:has-text('Обычная версия')");
  await clickAndWait(p, `a[href='/p/${slug}']`);
  await checkA11y(p, "public index");
  assert.equal(await p.locator(`a[href='${s.publicPath}']`).count(), 1, "the index lists the published year");
});

test("every export of the public report opens correctly", async () => {
  const p = s.public;
  await p.goto(env.base + s.publicPath);
  const file = async (ext) => {
    const href = await p.locator(`.tools a[href='${s.publicPath}.${ext}']`).getAttribute("href");
    const res = await p.request.get(env.base + href);
    assert.equal(res.status(), 200, `${ext} export`);
    return { res, buf: await res.body() };
  };
  // The attachments download as a user's click would.
  for (const ext of ["xlsx", "pdf", "csv"]) {
    const [dl] = await Promise.all([p.waitForEvent("download"), p.click(`.tools a[href='${s.publicPath}.${ext}']`)]);
    s[ext] = save(env.dataDir, `report.${ext}`, readFileSync(await dl.path()));
    assert.ok(dl.suggestedFilename().endsWith("." + ext), dl.suggestedFilename());
  }
  const pdf = pdfText(s.pdf);
  for (const c of [...officialColumns, "УТВЕРЖДАЮ", founderName, founderPosition]) {
    assert.ok(pdf.includes(c), `PDF text has «${c}»`);
  }
  checkCSV(readFileSync(s.csv), s.rows);
  const { res, buf } = await file("json");
  assert.match(res.headers()["content-type"], /application\/json/);
  const r = checkJSON(JSON.parse(buf.toString("utf8")), documentedFields(path.join(root, "docs", "public-report.md")));
  assert.equal(r.slug, slug);
  assert.equal(r.year, s.year);
  assert.equal(r.approval.name, founderName);
  assert.equal(r.sections.reduce((n, x) => n + x.rows.length, 0), s.rows);

  const sheet = spreadsheetCSV(s.xlsx, env.dataDir);
  const cells = sheet.flat();
  assert.ok(cells.includes("УТВЕРЖДАЮ"), "XLSX has the approval header");
  assert.ok(cells.some((c) => c.includes(founderName)), "XLSX names the approver");
  for (const c of officialColumns.slice(0, 4)) assert.ok(cells.some((x) => x.includes(c)), `XLSX has column «${c}»`);
  assert.ok(sheet.filter((row) => /^\d+\.\d+$|^[IV]+\.\d+$/.test(row[0])).length === s.rows, "XLSX has one line per item");
  const xml = sheetXML(s.xlsx);
  assert.ok((xml.match(/<mergeCell /g) || []).length >= 6, "XLSX merges the header and section rows");
  assert.match(xml, /<col [^>]*width=/, "XLSX sets column widths");
});

test("founder downloads the dashboard summary as XLSX", async () => {
  const f = s.founder;
  await f.goto(env.base + "/founder");
  const [dl] = await Promise.all([f.waitForEvent("download"), f.click("a:has-text('Скачать сводку (XLSX)')")]);
  const file = save(env.dataDir, "founder.xlsx", readFileSync(await dl.path()));
  const cells = spreadsheetCSV(file, env.dataDir).flat();
  assert.ok(cells.some((c) => c.includes(museum)), "the summary lists the museum");
  assert.ok(cells.some((c) => c.includes("Центральная городская библиотека")), "and the library");
});

test("unknown slug or year: a Russian 404 page that links to the published plans", async () => {
  const p = s.public;
  const res = await p.goto(`${env.base}/p/${slug}/${s.year + 5}`);
  assert.equal(res.status(), 404);
  assert.equal(await p.locator("html").getAttribute("lang"), "ru");
  assert.match(await p.locator("h1").textContent(), /Отчёт не найден/);
  await checkA11y(p, "public 404 page");
  await clickAndWait(p, `a[href='/p/${slug}']:has-text('Опубликованные планы учреждения')`);
  assert.equal(await p.locator(`a[href='${s.publicPath}']`).count(), 1);
  for (const bad of [`/p/no-such-museum/${s.year}`, `/p/${slug}/20x6`, `/p/${slug}/${s.year}.docx`]) {
    const r = await p.goto(env.base + bad);
    assert.equal(r.status(), 404, `${bad} answers 404`);
    assert.match(await p.locator("h1").textContent(), /не найден/i, bad);
  }
  // Inside, a plan that is not there (or not the founder's) is the same 404 page.
  const f = s.founder;
  const r = await f.goto(env.base + "/plans/987654/approval");
  assert.equal(r.status(), 404);
  assert.match(await f.locator("h1").textContent(), /не найден/i);
  await checkA11y(f, "404 page");
});

test("the calendar feed parses as iCalendar", async () => {
  const st = await login(env, "staff@example.org");
  await clickAndWait(st, "nav a[href='/settings/calendar']");
  await checkA11y(st, "calendar settings");
  await clickAndWait(st, "button:has-text('Создать ссылку на календарь')");
  const url = await st.locator("#feed").inputValue();
  await checkA11y(st, "calendar settings (link shown)");
  const anon = await newPage(env);
  const res = await anon.request.get(url);
  assert.equal(res.status(), 200);
  assert.match(res.headers()["content-type"], /text\/calendar/);
  const events = checkICS((await res.body()).toString("utf8"));
  assert.ok(events.some((e) => e.SUMMARY.length > 10), "events carry the measure as summary");
  for (const ctx of [st.context(), anon.context(), s.director.context(), s.founder.context(), s.public.context()]) await ctx.close();
});

// Issue 14.5 and 14.6: next year's plan, once submitted, waits in the
// founder's «Ждут решения» (the founder lands on the dashboard), and the
// director may withdraw it before the founder decides, through a
// confirmation page; the plan's log keeps every step.
test("next year's submitted plan waits in «Ждут решения»; the director withdraws it", async () => {
  const d = await login(env, "director@example.org");
  const next = s.year + 1;
  await d.goto(env.base + "/plans/new");
  await d.fill("#year", String(next));
  await d.selectOption("#template", "museum");
  await clickAndWait(d, "form[action='/plans'] button[type=submit]");
  const planPath = new URL(d.url()).pathname;
  await d.goto(env.base + planPath + "/approval");
  await clickAndWait(d, "a:has-text('Отправить на утверждение учредителю')");
  await clickAndWait(d, ".confirm-actions button:has-text('Отправить учредителю')");
  assert.match(await status(d), /на утверждении/);

  const f = await login(env, "founder@example.org");
  assert.equal(new URL(f.url()).pathname, "/founder", "the founder lands on the dashboard");
  const waiting = f.locator(`section.awaiting a[href='${planPath}/approval']`);
  assert.equal(await waiting.count(), 1, "next year's plan is in «Ждут решения»");
  assert.match(await waiting.textContent(), new RegExp(`План на ${next} год`));
  assert.ok(await f.locator("#f-year option[value='" + next + "']").count(), "next year can be chosen");
  await checkA11y(f, "founder dashboard with «Ждут решения»");
  await clickAndWait(f, `section.awaiting a[href='${planPath}/approval']`);
  assert.match(await status(f), /на утверждении/);

  await d.goto(env.base + planPath);
  await clickAndWait(d, `a[href='${planPath}/withdraw']`);
  await checkA11y(d, "withdraw confirmation");
  await clickAndWait(d, "button:has-text('Да, отозвать')");
  assert.match(await d.locator("[role=status]").first().textContent(), /План отозван/);
  assert.match(await status(d), /черновик/);
  assert.match(await d.locator("section.plan-log").textContent(), /отправлен на утверждение[\s\S]*отозван руководителем/);
  await checkA11y(d, "plan page after withdrawing");

  await f.goto(env.base + "/founder");
  assert.equal(await f.locator(`section.awaiting a[href='${planPath}/approval']`).count(), 0, "a withdrawn plan no longer waits");
  await d.context().close();
  await f.context().close();
});
