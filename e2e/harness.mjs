// Shared start-up for the browser tests: one real server (its own private
// PostgreSQL with the demo data) and one headless Chromium per test file,
// logins, navigation helpers and the axe-core accessibility check.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import net from "node:net";
import { chromium } from "playwright-core";

export const root = path.resolve(import.meta.dirname, "..");
export const artifacts = path.join(root, "e2e", "artifacts");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// testNow is the moment the run lives in: PLANBOARD_TEST_NOW (RFC 3339)
// when set, else the real time at start. The server is started at the same
// moment, so the tests and the server agree on "today".
export const testNow = process.env.PLANBOARD_TEST_NOW ? new Date(process.env.PLANBOARD_TEST_NOW) : new Date();
if (Number.isNaN(testNow.getTime())) throw new Error(`PLANBOARD_TEST_NOW=${process.env.PLANBOARD_TEST_NOW} is not an RFC 3339 time`);

// demoYear is the year of the demo plans: testNow's year in the demo
// institutions' zone (Asia/Novokuznetsk, UTC+7), not the test machine's.
export const demoYear = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Novokuznetsk", year: "numeric" }).format(testNow));

// useServer registers the hooks that start the server and the browser
// before the file's tests and stop them after; the returned object is
// filled in by then: base (the server's URL), dataDir (a scratch folder),
// browser.
export function useServer() {
  const env = { base: "", dataDir: "", browser: null, server: null };
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    env.dataDir = mkdtempSync(path.join(tmpdir(), "pbe2e-"));
    // One binary for all the test files: go build relinks only when the code changed.
    const bin = path.join(root, "bin", "planboard-e2e");
    execFileSync("go", ["build", "-o", bin, "./cmd/planboard"], { cwd: root, stdio: "inherit" });
    // A fixed free port rather than :0, so that the links the server
    // writes (calendar feeds, mails) carry the address it listens on.
    const addr = "127.0.0.1:" + (await freePort());
    env.server = spawn(bin, ["serve"], { cwd: env.dataDir, env: { ...process.env, PLANBOARD_TEST_NOW: testNow.toISOString().replace(/\.\d{3}Z$/, "Z"), PLANBOARD_ADDR: addr, PLANBOARD_DATA_DIR: path.join(env.dataDir, "d") } });
    env.server.stderr.on("data", () => {});
    env.base = await new Promise((resolve, reject) => {
      let out = "";
      env.server.stdout.on("data", (b) => {
        out += b;
        const m = out.match(/Planboard is running at (http:\/\/\S+)/);
        if (m) resolve(m[1]);
      });
      env.server.on("exit", (code) => reject(new Error("server exited " + code + "\n" + out)));
    });
    env.browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    const s = env.server;
    if (s && s.exitCode === null) {
      const gone = new Promise((r) => s.on("exit", r));
      s.kill("SIGTERM");
      await gone;
    }
    // PBE2E_KEEP=1 keeps the scratch folder (downloads, server data) to look at.
    if (env.dataDir && !process.env.PBE2E_KEEP) rmSync(env.dataDir, { recursive: true, force: true });
  });
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const l = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = l.address();
      l.close(() => resolve(port));
    }).on("error", reject);
  });
}

// newPage opens a page in a fresh browser context (its own cookies).
// bypassCSP lets the axe script be injected into our pages, whose CSP
// allows no inline scripts.
export async function newPage(env, { js = true, viewport, deviceScaleFactor } = {}) {
  const ctx = await env.browser.newContext({ javaScriptEnabled: js, locale: "ru-RU", bypassCSP: true, acceptDownloads: true,
    ...(viewport ? { viewport } : {}), ...(deviceScaleFactor ? { deviceScaleFactor } : {}) });
  return ctx.newPage();
}

// login signs in with a demo account through the login form.
export async function login(env, email, opts = {}) {
  const page = await newPage(env, opts);
  await page.goto(env.base + "/login");
  await page.fill("#email", email);
  await page.fill("#password", "demo-password");
  await clickAndWait(page, "button[type=submit]");
  assert.ok(!page.url().endsWith("/login"), `${email} is logged in`);
  return page;
}

// clickAndWait clicks what submits a form or follows a link and waits for
// the next page.
export async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// checkA11y runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it
// is and fails on any serious or critical violation, listing each with the
// nodes it was found on. AXE_ALL=1 fails on minor and moderate ones too.
export async function checkA11y(page, label) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })) }));
  });
  const bad = violations.filter((v) => process.env.AXE_ALL || v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    at ${n.target}\n      ${(n.summary || "").replace(/\n/g, "\n      ")}`).join("\n")).join("\n");
  assert.equal(bad.length, 0, `axe: ${label} (${page.url()}) has serious or critical violations:\n${report}`);
  return violations;
}

// shot saves a full-page screenshot to e2e/artifacts/.
export function shot(page, name, fullPage = true) {
  return page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage });
}
