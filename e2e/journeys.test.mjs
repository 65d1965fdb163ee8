// Journeys 1 and 2 of product.md in a real headless Chromium, with and
// without JavaScript, against the real server with its own PostgreSQL.
// With JavaScript every page on the way also passes axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { useServer, login, clickAndWait, checkA11y, shot, demoYear } from "./harness.mjs";

const env = useServer();

// A 1×1 PNG: the photo of the new water cooler.
export const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function journey(js, year) {
  const tag = js ? "js" : "nojs";
  const a11y = js ? checkA11y : async () => {};
  const base = env.base;
  const director = await login(env, "director@example.org", { js });
  await a11y(director, "home");
  await director.goto(base + "/plans/new");
  await a11y(director, "new plan");
  await director.fill("#year", String(year));
  await director.selectOption("#template", "museum");
  await clickAndWait(director, "form[action='/plans'] button[type=submit]");
  const planURL = director.url();
  const boxes = director.locator("input[name=ids]");
  assert.ok((await boxes.count()) >= 3, "template items appear");
  for (let i = 0; i < 3; i++) await boxes.nth(i).check();
  await director.selectOption("#bulk-assignee", { label: "Смирнова Анна Игоревна" });
  await director.fill("#bulk-deadline", `30.06.${year}`);
  // Issue 14.4: a draft's deadlines change freely: no reason is asked, no move is counted.
  assert.equal(await director.locator("#bulk-reason").count(), 0, "a draft's bulk form asks no reason");
  await clickAndWait(director, "#bulk button[type=submit]");
  assert.match(await director.locator(".flash").textContent(), /3/);
  await a11y(director, "plan table");
  await shot(director, `plan-${tag}`);
  const itemHref = await director.locator("tbody a[href^='/items/']").first().getAttribute("href");
  const itemURL = base + itemHref;
  await director.goto(itemURL);
  assert.doesNotMatch(await director.locator("dl.facts").textContent(), /переносов|первоначальный срок/, "a draft's first deadline is no postponement");
  await director.goto(itemURL + "/edit");
  assert.equal(await director.inputValue("#deadline"), `30.06.${year}`, "the deadline as people write it");
  assert.equal(await director.locator("#deadline_reason").count(), 0, "no reason asked on a draft");
  await a11y(director, "item form");

  const staff = await login(env, "staff@example.org", { js });
  await staff.goto(base + "/my");
  await a11y(staff, "my tasks");
  assert.ok(await staff.locator(`a[href='${itemHref}']`).count(), "the task is in my tasks");
  if (js) {
    // Drag the card from «запланировано» to «в работе».
    await staff.goto(planURL + "/board");
    // Filter the board to the assignee's cards (also exercises the filters).
    await staff.selectOption("#f-assignee", { label: "Смирнова Анна Игоревна" });
    await clickAndWait(staff, "form.filters button[type=submit]");
    await a11y(staff, "board");
    assert.equal(await staff.locator("section.column[data-status='planned'] li.card").count(), 3);
    await Promise.all([staff.waitForNavigation(), staff.dragAndDrop(`li.card[data-id='${itemHref.split("/")[2]}']`, "#col-in_progress")]);
  } else {
    await staff.goto(itemURL);
    await clickAndWait(staff, "form:has(input[value=start]) button");
  }
  await staff.goto(itemURL);
  await a11y(staff, "item page (in progress)");
  assert.match(await staff.locator("#item-status").textContent(), /в работе/);
  await staff.fill("#implemented", "Установлен кулер с питьевой водой в холле");
  const photo = path.join(env.dataDir, "кулер.png");
  writeFileSync(photo, png);
  await staff.setInputFiles("#evidence", photo);
  await clickAndWait(staff, "#form-submit button[type=submit]");
  assert.match(await staff.locator("#item-status").textContent(), /на проверке/);

  // Issue 14.7: the director finds the closed task in «На проверке», reads
  // the report and the photo first, then accepts (asked first when some
  // checklist points are not ticked).
  await clickAndWait(director, "nav a[href='/review']");
  await a11y(director, "review queue");
  await clickAndWait(director, `.review-card a[href^='${itemHref}']`);
  assert.ok(await director.locator("#report img").count() > 0, "the photo is shown as a thumbnail in the report");
  const [report, decision] = await director.evaluate(() => [document.querySelector("#report"), document.querySelector("#actions")].map((e) => e.getBoundingClientRect().top));
  assert.ok(report < decision, "the report comes before the decision");
  await a11y(director, "item page (awaiting acceptance)");
  await clickAndWait(director, "form:has(input[value=accept]) button");
  if (await director.locator("input[name=confirm]").count()) {
    await a11y(director, "accept confirmation");
    await clickAndWait(director, "button:has-text('Принять всё равно')");
  }
  assert.match(await director.locator("#item-status").textContent(), /выполнено/);
  await director.goto(base + "/review");
  assert.equal(await director.locator(`.review-card a[href^='${itemHref}']`).count(), 0, "an accepted task leaves the queue");
  await director.goto(itemURL);
  const history = await director.locator("#history").textContent();
  for (const step of ["создано", "ответственный", "в работе", "на проверке", "кулер.png", "выполнено"]) {
    assert.ok(history.includes(step), `history shows ${step}`);
  }
  await a11y(director, "item page (done)");
  await shot(director, `item-${tag}`);
  await director.goto(planURL + "/board");
  await shot(director, `board-${tag}`);
  await director.context().close();
  await staff.context().close();
}

// Next years' plans: the demo data holds this year's.
const year = demoYear;
test("journeys 1 and 2 with JavaScript (drag and drop)", async () => journey(true, year + 1));
test("journeys 1 and 2 without JavaScript (plain forms)", async () => journey(false, year + 2));
