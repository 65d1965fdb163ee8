// The inbox of issue 18 in a real headless Chromium: a mention in a comment
// (typed with the @-completion where JavaScript runs, by hand without it)
// reaches the director's inbox; the unread count in the navigation changes
// without a reload where JavaScript runs (the page polls
// /notifications/count every minute: the test moves the page's clock) and
// after a reload without it; «прочитано», «все прочитаны», the link
// straight to the item; axe-core and screenshots at 390 and 1366 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServer, login, clickAndWait, checkA11y, shot } from "./harness.mjs";

const env = useServer();

const badge = (page) => page.locator("#nav-unread");
// named asserts the inbox link's accessible name as the browser computes
// it (the visible badge is hidden from screen readers; a text says it).
async function named(page, name) {
  const link = page.getByRole("link", { name, exact: true });
  assert.equal(await link.count(), 1, `a link named «${name}»`);
  assert.equal(await link.getAttribute("id"), "nav-inbox");
}

// count is the director's unread count as the server has it now.
async function count(page) {
  const r = await page.request.get(env.base + "/notifications/count");
  assert.equal(r.status(), 200);
  return (await r.json()).unread;
}

// shown is the count the navigation shows (0 when the badge is hidden).
async function shown(page) {
  return (await badge(page).isHidden()) ? 0 : Number(await badge(page).textContent());
}

// until waits (on the Node side: the page's timers are fake) for cond.
async function until(cond, what) {
  for (let i = 0; i < 100; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("timed out waiting for " + what);
}

// mention posts a comment on the staff member's first task that mentions
// the director (Иванов Сергей Петрович); with JavaScript through the
// completion list.
async function mention(staff, js, text) {
  await staff.goto(env.base + "/my");
  const item = await staff.locator("main a[href^='/items/']").first().getAttribute("href");
  await staff.goto(env.base + item);
  if (js) {
    await staff.locator("#body").pressSequentially("@Ива");
    const option = staff.locator("#mention-list [role=option]");
    await until(async () => (await option.count()) === 1, "the completion list");
    assert.equal(await option.first().textContent(), "Иванов Сергей Петрович");
    assert.equal(await staff.locator("#body").getAttribute("aria-activedescendant"), "mention-opt-0");
    await staff.keyboard.press("Enter");
    assert.equal(await staff.locator("#body").inputValue(), "@Иванов ");
    await staff.locator("#body").pressSequentially(text);
  } else {
    await staff.fill("#body", "@Иванов " + text);
  }
  await clickAndWait(staff, "#comments button[type=submit]");
  assert.match(await staff.locator(".flash[role=status]").textContent(), /упомянутые сотрудники уведомлены: 1/);
  return item;
}

test("the unread count changes with JavaScript without a reload", async () => {
  const director = await login(env, "director@example.org", { js: true });
  await director.clock.install();
  await director.goto(env.base + "/");
  await director.evaluate(() => { window.notReloaded = true; });
  const before = await shown(director);
  assert.equal(before, await count(director), "the page shows the server's count");
  const staff = await login(env, "staff@example.org", { js: true });
  await mention(staff, true, "посмотрите смету");
  const after = await count(director);
  assert.equal(after, before + 1, "the mention is one new notice");
  assert.equal(await shown(director), before, "nothing changes before the next poll");
  await director.clock.fastForward(61000);
  await until(async () => (await shown(director)) === after, `the badge to show ${after}`);
  await named(director, `Уведомления, непрочитанных: ${after}`);
  assert.ok(await director.evaluate(() => window.notReloaded === true), "the page was not reloaded");
  await director.context().close();
  await staff.context().close();
});

test("without JavaScript: the count after a reload, read, all read, the link to the item", async () => {
  const director = await login(env, "director@example.org", { js: false });
  const before = await shown(director);
  const staff = await login(env, "staff@example.org", { js: false });
  const item = await mention(staff, false, "и договор");
  assert.equal(await shown(director), before, "no change without a reload");
  await director.reload();
  assert.equal(await shown(director), before + 1);
  await named(director, `Уведомления, непрочитанных: ${before + 1}`);

  await director.click("#nav-inbox");
  await director.waitForURL(/\/notifications$/);
  const first = director.locator("li.notice.unread").first();
  assert.match(await first.locator(".notice-text a").textContent(), /Смирнова Анна Игоревна упоминает вас/);
  assert.equal(await first.locator(".notice-text a").getAttribute("href"), item + "#comments");
  for (const [w, h] of [[390, 844], [1366, 900]]) {
    await director.setViewportSize({ width: w, height: h });
    await shot(director, `inbox-${w}`);
  }
  const scrolls = await director.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.ok(!scrolls, "no sideways scrolling at 1366 px");

  await clickAndWait(director, "li.notice.unread .notice-read button");
  assert.equal(await director.locator(".flash[role=status]").textContent(), "Уведомление отмечено прочитанным.");
  assert.equal(await shown(director), before);
  if (before > 0) {
    await clickAndWait(director, "form[action='/notifications/read'] button");
    assert.match(await director.locator(".flash[role=status]").textContent(), new RegExp(`Отмечено прочитанными: ${before}\\.`));
  }
  assert.ok(await badge(director).isHidden(), "no count when all are read");
  await named(director, "Уведомления, непрочитанных нет");

  await clickAndWait(director, `li.notice .notice-text a[href='${item}#comments']`);
  assert.ok(director.url().endsWith(item + "#comments"), "the link leads straight to the item");
  assert.match(await director.locator("#comments").textContent(), /@Иванов и договор/);
  await director.context().close();
  await staff.context().close();
});

test("the inbox and the settings pass axe, also at 320 px", async () => {
  const staff2 = await login(env, "staff2@example.org", { js: true });
  const director2 = await login(env, "director2@example.org", { js: true });
  await director2.goto(env.base + "/my");
  await director2.goto(env.base + "/");
  // a notice for staff2: the director comments on a library task
  await director2.goto(env.base + "/plans/" + (await director2.locator("table.list a[href^='/plans/']").first().getAttribute("href")).split("/")[2] + "/board");
  const item = await director2.locator("li.card a[href^='/items/']").first().getAttribute("href");
  await director2.goto(env.base + item);
  await director2.fill("#body", "@Волков посмотрите");
  await clickAndWait(director2, "#comments button[type=submit]");
  await staff2.goto(env.base + "/notifications");
  assert.ok(await staff2.locator("li.notice.unread").count() >= 1);
  await checkA11y(staff2, "inbox");
  await staff2.goto(env.base + "/settings/notifications");
  await checkA11y(staff2, "notification settings with channels");
  await staff2.selectOption("#ch_comment", "inbox");
  await clickAndWait(staff2, "form[action='/settings/notifications'] button[type=submit]");
  assert.equal(await staff2.locator("#ch_comment").inputValue(), "inbox");
  assert.ok(await staff2.locator(".flash[role=status]").count());
  await staff2.setViewportSize({ width: 320, height: 700 });
  // nothing is wider than the window: the navigation with its count, the notices, the choices
  for (const url of ["/notifications", "/settings/notifications"]) {
    await staff2.goto(env.base + url);
    const wide = await staff2.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((el) => el.tagName + "." + el.className));
    assert.deepEqual(wide, [], `${url}: wider than 320 px`);
  }
  await staff2.goto(env.base + "/notifications");
  await shot(staff2, "inbox-320");
  await shot(staff2, "settings-notifications-320");
  await staff2.context().close();
  await director2.context().close();
});
