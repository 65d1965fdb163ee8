// A tour of every kind of page as each demo role sees it, for the checks
// that must hold everywhere (reflow at 320 CSS px, 200 % zoom, desktop).
// Plans, items and reports are found by following links on the pages, as a
// user would; only entry points a user types or bookmarks are written here.
import assert from "node:assert/strict";
import { login, newPage, clickAndWait, checkA11y } from "./harness.mjs";

export const library = "/p/centralnaya-biblioteka";

// The page kinds the tour visits, by role (the test asserts that each was
// seen, so a link that moves does not silently shorten the tour).
export const kinds = {
  anonymous: ["login", "login with an error", "password forgotten", "public index", "public report", "public report (visually impaired)", "public year missing"],
  admin: ["home", "admin", "admin mail", "admin mail message", "audit", "admin calendar", "institutions", "members", "profile", "notification settings", "calendar settings", "not found"],
  founder: ["home", "founder dashboard", "plan table", "board", "item page", "approval page", "progress report", "my tasks", "institutions", "members", "profile"],
  director: ["home", "new plan", "plan table", "board", "item page", "item form", "new item form", "approval page", "institutions", "members", "my tasks", "review queue", "profile", "notification settings", "mail rules", "calendar settings"],
  staff: ["home", "my tasks", "plan table", "board", "item page", "close form", "profile", "notification settings", "calendar settings"],
  director2: ["home", "plan table", "board", "item page (awaiting acceptance)", "approval page", "progress report", "members", "review queue"],
  staff2: ["home", "my tasks", "item page", "board"],
};

// Pages that answer 404 on purpose (their page still has to reflow).
const missing = new Set(["not found", "public year missing"]);

const emails = { admin: "admin@example.org", founder: "founder@example.org", director: "director@example.org", staff: "staff@example.org",
  director2: "director2@example.org", staff2: "staff2@example.org" };

// tour signs each role in with the given page options (viewport,
// deviceScaleFactor) and calls visit(page, role, kind) on every page;
// it returns the kinds seen per role.
export async function tour(env, opts, visit) {
  const seen = {};
  for (const role of Object.keys(kinds)) {
    seen[role] = [];
    const page = role === "anonymous" ? await newPage(env, opts) : await login(env, emails[role], opts);
    const at = async (kind) => { seen[role].push(kind); await visit(page, role, kind); };
    const go = async (url, kind) => {
      const res = await page.goto(env.base + url);
      const want = missing.has(kind) ? 404 : 200;
      assert.equal(res.status(), want, `${role}: ${kind} at ${url} answers ${res.status()}`);
      await at(kind);
    };
    const href = async (selector, what) => {
      const h = await page.locator(selector).first().getAttribute("href").catch(() => null);
      assert.ok(h, `${role}: a link to ${what} (${selector}) on ${page.url()}`);
      return h;
    };
    try {
      await steps[role](page, { go, at, href, base: env.base });
    } finally {
      await page.context().close();
    }
  }
  for (const role of Object.keys(kinds)) assert.deepEqual(seen[role], kinds[role], `${role} saw every page kind`);
  return seen;
}

// planPages visits a plan's table, board and an item, from the first plan
// linked on the home page (the page the caller is on).
async function planPages(page, { go, href }, { itemColumn = "", itemKind = "item page" } = {}) {
  const plan = await href("table.list a[href^='/plans/']", "a plan");
  await go(plan, "plan table");
  await go(plan + "/board", "board");
  const item = await href(`${itemColumn ? `section.column[data-status='${itemColumn}'] ` : ""}li.card a[href^='/items/']`, "an item");
  await go(item, itemKind);
  return { plan, item };
}

const steps = {
  async anonymous(page, { go, at, href }) {
    await go("/login", "login");
    await page.fill("#email", "director@example.org");
    await page.fill("#password", "wrong password");
    await clickAndWait(page, "button[type=submit]");
    await at("login with an error");
    await go(await href("a[href='/password/forgot']", "password forgotten"), "password forgotten");
    await go(library, "public index");
    const report = await href(`main a[href^='${library}/']`, "the published report");
    await go(report, "public report");
    await go(report + "?mode=vi", "public report (visually impaired)");
    await go(library + "/1999", "public year missing");
  },
  async admin(page, { go, href, base }) {
    await go("/", "home");
    await go(await href("nav a[href='/admin']", "admin"), "admin");
    await go(await href("nav a[href='/admin/mail']", "admin mail"), "admin mail");
    await go(await href("main table a[href^='/admin/mail/']", "a mail"), "admin mail message");
    await page.goto(base + "/admin");
    await go(await href("main a[href='/admin/audit']", "audit"), "audit");
    await page.goto(base + "/admin");
    await go(await href("main a[href='/admin/calendar']", "calendar"), "admin calendar");
    await go("/institutions", "institutions");
    await go(await href("main a[href$='/members']", "members"), "members");
    await go("/profile", "profile");
    await go("/settings/notifications", "notification settings");
    await go("/settings/calendar", "calendar settings");
    await go("/plans/999999999", "not found");
  },
  async founder(page, { go, href }) {
    await go("/", "home");
    await go(await href("nav a[href='/founder']", "the dashboard"), "founder dashboard");
    // The library's plan: approved, with a progress report.
    const plan = await href("table.dash tr:has-text('библиотека') a[href^='/plans/']", "the library's plan");
    await go(plan, "plan table");
    await go(plan + "/board", "board");
    await go(await href("li.card a[href^='/items/']", "an item"), "item page");
    await go(plan + "/approval", "approval page");
    await go(await href("main a[href*='/reports/']", "a progress report"), "progress report");
    await go("/my", "my tasks");
    await go("/institutions", "institutions");
    await go(await href("main a[href$='/members']", "members"), "members");
    await go("/profile", "profile");
  },
  async director(page, ctx) {
    const { go, href } = ctx;
    await go("/", "home");
    await go(await href("nav a[href='/plans/new']", "new plan"), "new plan");
    await page.goto(ctx.base + "/");
    const { plan, item } = await planPages(page, ctx);
    await go(item + "/edit", "item form");
    await page.goto(ctx.base + plan);
    await go(await href("a[href$='/items/new']", "new item"), "new item form");
    await go(plan + "/approval", "approval page");
    await go("/institutions", "institutions");
    await go(await href("main a[href$='/members']", "members"), "members");
    await go("/my", "my tasks");
    await go(await href("nav a[href='/review']", "the review queue"), "review queue"); // issue 14.7
    await go("/profile", "profile");
    await go("/settings/notifications", "notification settings");
    await go(await href("main a[href$='/mail-rules']", "mail rules"), "mail rules");
    await go("/settings/calendar", "calendar settings");
  },
  async staff(page, ctx) {
    const { go, at, href, base } = ctx;
    await go("/", "home");
    await go("/my", "my tasks");
    await page.goto(base + "/");
    await planPages(page, ctx);
    // The close form is on a task in progress; take one when none is.
    await page.goto(base + "/my");
    const working = page.locator("section.column[data-status='in_progress'] li.card a[href^='/items/']");
    if (await working.count()) {
      await page.goto(base + (await working.first().getAttribute("href")));
    } else {
      await page.goto(base + (await href("section.column[data-status='planned'] li.card a[href^='/items/']", "a planned task")));
      await clickAndWait(page, "form:has(input[value=start]) button");
    }
    assert.ok(await page.locator("#form-submit").count(), `staff: the close form on ${page.url()}`);
    await at("close form");
    await go("/profile", "profile");
    await go("/settings/notifications", "notification settings");
    await go("/settings/calendar", "calendar settings");
  },
  async director2(page, ctx) {
    const { go, href, base } = ctx;
    await go("/", "home");
    const { plan } = await planPages(page, ctx, { itemColumn: "review", itemKind: "item page (awaiting acceptance)" });
    await go(plan + "/approval", "approval page");
    await go(await href("main a[href*='/reports/']", "a progress report"), "progress report");
    await page.goto(base + "/institutions");
    await go(await href("main a[href$='/members']", "members"), "members");
    await go(await href("nav a[href='/review']", "the review queue"), "review queue"); // issue 14.7: the library's item awaiting acceptance
  },
  async staff2(page, ctx) {
    const { go, href } = ctx;
    await go("/", "home");
    await go("/my", "my tasks");
    await go(await href("li.card a[href^='/items/']", "a task"), "item page");
    await go(await href("main .crumbs a[href$='/board']", "the board"), "board");
  },
};

// layoutProblems describes what makes the page wider than its window, and
// every element that scrolls sideways inside it, without the ones allowed
// to (a labelled region that takes focus, so it can be scrolled with the
// keyboard). Small controls that are hard to hit with a finger are listed
// too (WCAG 2.2 SC 2.5.8: 24 × 24 CSS px, links inside text excepted).
export const layoutProblems = (page) => page.evaluate(() => {
  const out = [];
  const doc = document.documentElement;
  const cw = doc.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].join(".") : "") +
    (el.getAttribute("href") ? `[href="${el.getAttribute("href")}"]` : "");
  const path = (el) => { const p = []; for (let e = el; e && e !== doc; e = e.parentElement) p.unshift(name(e)); return p.slice(-4).join(" > "); };
  const scrollers = [];
  for (const el of document.querySelectorAll("body *")) {
    const cs = getComputedStyle(el);
    if (/(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) scrollers.push(el);
  }
  for (const s of scrollers) {
    const labelled = s.getAttribute("role") === "region" && (s.getAttribute("aria-label") || s.getAttribute("aria-labelledby"));
    if (!(labelled && s.tabIndex === 0)) out.push(`${path(s)} scrolls sideways (${s.scrollWidth} > ${s.clientWidth}) and is not a labelled, focusable region`);
  }
  if (doc.scrollWidth > cw) {
    out.push(`the page is ${doc.scrollWidth}px wide in a ${cw}px window`);
    // The outermost elements that stick out (their parent does not).
    const wide = (el) => el.getBoundingClientRect().right > cw + 0.5;
    const inScroller = (el) => scrollers.some((s) => s !== el && s.contains(el));
    // Inside a box that clips it (text for screen readers only) it takes no room.
    const clipped = (el) => { for (let e = el.parentElement; e && e !== doc; e = e.parentElement) if (/(hidden|clip)/.test(getComputedStyle(e).overflowX) && !wide(e)) return true; return false; };
    for (const el of document.querySelectorAll("body *")) {
      if (wide(el) && !wide(el.parentElement) && !inScroller(el) && !clipped(el)) out.push(`  sticks out: ${path(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
    }
  }
  for (const el of document.querySelectorAll("button, select, input:not([type=hidden]), textarea, nav a, .pager a, summary")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // not shown
    if (r.width < 23.5 || r.height < 23.5) out.push(`small target ${path(el)} (${Math.round(r.width)}×${Math.round(r.height)})`);
  }
  return out;
});

// checkEveryPage tours every page kind with the page options and collects the
// layout problems (and, with axe, accessibility failures) of all pages, so
// one run shows them all.
export async function checkEveryPage(env, opts, { axe = true, label, each = async () => {} }) {
  const problems = [];
  await tour(env, opts, async (page, role, kind) => {
    const where = `${role}: ${kind} (${new URL(page.url()).pathname})`;
    for (const p of await layoutProblems(page)) problems.push(`${where}: ${p}`);
    if (axe) await checkA11y(page, `${role}: ${kind} ${label}`).catch((e) => problems.push(e.message));
    await each(page, role, kind);
  });
  assert.deepEqual(problems, [], `${label}:\n` + problems.join("\n"));
}
