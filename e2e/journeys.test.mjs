// Journeys 1 and 2 of product.md in a real headless Chromium, with and
// without JavaScript, against the real server with its own PostgreSQL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(import.meta.dirname, "..");
const artifacts = path.join(root, "e2e", "artifacts");
let server, base, dataDir, browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  dataDir = mkdtempSync(path.join(tmpdir(), "pbe2e-"));
  const bin = path.join(dataDir, "planboard");
  execFileSync("go", ["build", "-o", bin, "./cmd/planboard"], { cwd: root, stdio: "inherit" });
  server = spawn(bin, ["serve"], { cwd: dataDir, env: { ...process.env, PLANBOARD_ADDR: "127.0.0.1:0", PLANBOARD_DATA_DIR: path.join(dataDir, "d") } });
  server.stderr.on("data", () => {});
  base = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (b) => {
      out += b;
      const m = out.match(/Planboard is running at (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error("server exited " + code + "\n" + out)));
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill("SIGTERM");
  await new Promise((r) => (server && server.exitCode === null ? server.on("exit", r) : r()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function login(js, email) {
  const ctx = await browser.newContext({ javaScriptEnabled: js, locale: "ru-RU" });
  const page = await ctx.newPage();
  await page.goto(base + "/login");
  await page.fill("#email", email);
  await page.fill("#password", "demo-password");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  return page;
}

// A 1×1 PNG: the photo of the new water cooler.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function journey(js, year) {
  const tag = js ? "js" : "nojs";
  const director = await login(js, "director@example.org");
  await director.goto(base + "/plans/new");
  await director.fill("#year", String(year));
  await director.selectOption("#template", "museum");
  await Promise.all([director.waitForNavigation(), director.click("form[action='/plans'] button[type=submit]")]);
  const planURL = director.url();
  const boxes = director.locator("input[name=ids]");
  assert.ok((await boxes.count()) >= 3, "template items appear");
  for (let i = 0; i < 3; i++) await boxes.nth(i).check();
  await director.selectOption("#bulk-assignee", { label: "Смирнова Анна Игоревна" });
  await director.fill("#bulk-deadline", `30.06.${year}`);
  await director.fill("#bulk-reason", "Уточнён срок с подрядчиком");
  await Promise.all([director.waitForNavigation(), director.click("#bulk button[type=submit]")]);
  assert.match(await director.locator(".flash").textContent(), /3/);
  await director.screenshot({ path: path.join(artifacts, `plan-${tag}.png`), fullPage: true });
  const itemHref = await director.locator("tbody a[href^='/items/']").first().getAttribute("href");
  const itemURL = base + itemHref;

  const staff = await login(js, "staff@example.org");
  await staff.goto(base + "/my");
  assert.ok(await staff.locator(`a[href='${itemHref}']`).count(), "the task is in my tasks");
  if (js) {
    // Drag the card from «запланировано» to «в работе».
    await staff.goto(planURL + "/board");
    // Filter the board to the assignee's cards (also exercises the filters).
    await staff.selectOption("#f-assignee", { label: "Смирнова Анна Игоревна" });
    await Promise.all([staff.waitForNavigation(), staff.click("form.filters button[type=submit]")]);
    assert.equal(await staff.locator("section.column[data-status='planned'] li.card").count(), 3);
    await Promise.all([staff.waitForNavigation(), staff.dragAndDrop(`li.card[data-id='${itemHref.split("/")[2]}']`, "#col-in_progress")]);
  } else {
    await staff.goto(itemURL);
    await Promise.all([staff.waitForNavigation(), staff.click("form:has(input[value=start]) button")]);
  }
  await staff.goto(itemURL);
  assert.match(await staff.locator("#item-status").textContent(), /в работе/);
  await staff.fill("#implemented", "Установлен кулер с питьевой водой в холле");
  const photo = path.join(dataDir, "кулер.png");
  writeFileSync(photo, png);
  await staff.setInputFiles("#evidence", photo);
  await Promise.all([staff.waitForNavigation(), staff.click("#form-submit button[type=submit]")]);
  assert.match(await staff.locator("#item-status").textContent(), /на проверке/);

  await director.goto(itemURL);
  await Promise.all([director.waitForNavigation(), director.click("form:has(input[value=accept]) button")]);
  assert.match(await director.locator("#item-status").textContent(), /выполнено/);
  const history = await director.locator("#history").textContent();
  for (const step of ["создано", "ответственный", "в работе", "на проверке", "кулер.png", "выполнено"]) {
    assert.ok(history.includes(step), `history shows ${step}`);
  }
  await director.screenshot({ path: path.join(artifacts, `item-${tag}.png`), fullPage: true });
  await director.goto(planURL + "/board");
  await director.screenshot({ path: path.join(artifacts, `board-${tag}.png`), fullPage: true });
  await director.context().close();
  await staff.context().close();
}

test("journeys 1 and 2 with JavaScript (drag and drop)", async () => journey(true, 2027));
test("journeys 1 and 2 without JavaScript (plain forms)", async () => journey(false, 2028));
