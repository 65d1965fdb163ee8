// Readers for the files Planboard hands out, each opened the way a user's
// program would: the PDF as text (pdftotext), the spreadsheets in
// LibreOffice, the CSV and the JSON parsed, the calendar as iCalendar.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// The official form's column headings (domain.OfficialColumns).
export const officialColumns = [
  "Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией",
  "Наименование мероприятия по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг организацией",
  "Плановый срок реализации мероприятия",
  "Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)",
  "Сведения о ходе реализации мероприятия: реализованные меры по устранению выявленных недостатков",
  "Сведения о ходе реализации мероприятия: фактический срок реализации",
];

// squash folds runs of white space, so that text wrapped by a PDF or a
// spreadsheet cell compares with the one-line heading.
const squash = (s) => s.replace(/\s+/g, " ");

// pdfText extracts a PDF's text with pdftotext (poppler-utils), in the
// order it is drawn, so that a heading wrapped inside its cell reads whole.
export function pdfText(file) {
  return squash(execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"]).toString("utf8"));
}

// parseCSV reads RFC 4180 CSV (quoted fields, doubled quotes, line breaks
// inside quotes) into rows of strings.
export function parseCSV(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// checkCSV asserts a BOM, the official header and n data lines of 8 cells.
export function checkCSV(buf, n) {
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], "CSV starts with the UTF-8 BOM");
  const rows = parseCSV(buf.subarray(3).toString("utf8"));
  assert.deepEqual(rows[0], ["Раздел", "№", ...officialColumns], "CSV header");
  assert.equal(rows.length - 1, n, "one CSV line per item");
  for (const r of rows.slice(1)) assert.equal(r.length, rows[0].length, `CSV line has every column: ${r}`);
  return rows;
}

// documentedFields reads the JSON field table of docs/public-report.md:
// name (`sections[].rows`…), type and whether it is optional.
export function documentedFields(docFile) {
  const fields = [];
  for (const m of readFileSync(docFile, "utf8").matchAll(/^\| `([a-z_\[\].]+)` \| (string|number|object|array)(, optional)? \|/gm)) {
    fields.push({ name: m[1], type: m[2], optional: !!m[3] });
  }
  assert.ok(fields.length > 20, `the field table of ${docFile} is readable`);
  return fields;
}

const typeOf = (v) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

// checkJSON asserts that a report has every field the documentation lists,
// of the documented type, at the top, in each section and in each row.
export function checkJSON(r, fields) {
  const rows = r.sections.flatMap((s) => s.rows);
  const where = { "": [r], "sections[].": r.sections, "rows[].": rows };
  for (const f of fields) {
    const [, scope, name] = f.name.match(/^((?:sections|rows)\[\]\.)?(.+)$/);
    for (const obj of where[scope || ""]) {
      if (f.optional && !(name in obj)) continue;
      assert.equal(typeOf(obj[name]), f.type, `JSON ${f.name} is a ${f.type}`);
    }
  }
  for (const k of ["total", "done", "percent", "on_time", "overdue"]) assert.equal(typeof r.progress[k], "number", `progress.${k}`);
  assert.ok(rows.length > 0, "JSON has rows");
  return r;
}

// spreadsheetCSV opens an XLSX in LibreOffice (headless) and returns its
// first sheet as CSV rows: proof that an office suite reads the file.
export function spreadsheetCSV(file, workDir) {
  const out = path.join(workDir, "lo-out");
  mkdirSync(out, { recursive: true });
  execFileSync("soffice", [`-env:UserInstallation=file://${path.join(workDir, "lo-profile")}`, "--headless", "--norestore",
    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", out, file], { stdio: "pipe", timeout: 60000 });
  const csv = readFileSync(path.join(out, path.basename(file).replace(/\.xlsx$/, ".csv")), "utf8");
  return parseCSV(csv.replace(/^\uFEFF/, "")).map((r) => r.map(squash));
}

// sheetXML returns the first worksheet's XML of an XLSX (a zip).
export function sheetXML(file) {
  return execFileSync("unzip", ["-p", file, "xl/worksheets/sheet1.xml"]).toString("utf8");
}

// checkICS asserts an iCalendar feed as RFC 5545 wants it: CRLF line ends,
// lines folded at 75 octets, a VCALENDAR of VEVENTs with DTSTART and
// SUMMARY. It returns the unfolded events as property maps.
export function checkICS(text) {
  assert.ok(text.startsWith("BEGIN:VCALENDAR\r\n"), "ICS starts with BEGIN:VCALENDAR");
  assert.ok(text.endsWith("END:VCALENDAR\r\n"), "ICS ends with END:VCALENDAR");
  assert.ok(!/[^\r]\n/.test(text), "every ICS line ends in CRLF");
  const lines = text.slice(0, -2).split("\r\n");
  for (const l of lines) assert.ok(Buffer.byteLength(l, "utf8") <= 75, `ICS line longer than 75 octets: ${l}`);
  const unfolded = text.replace(/\r\n[ \t]/g, "").split("\r\n").filter(Boolean);
  assert.ok(unfolded.includes("VERSION:2.0") && unfolded.some((l) => l.startsWith("PRODID:")), "VERSION and PRODID");
  const events = [];
  let ev = null;
  for (const l of unfolded) {
    if (l === "BEGIN:VEVENT") ev = {};
    else if (l === "END:VEVENT") { events.push(ev); ev = null; }
    else if (ev) {
      const [name, value] = [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)];
      ev[name.split(";")[0]] = value;
    }
  }
  assert.ok(events.length > 0, "the feed has events");
  for (const e of events) {
    for (const p of ["UID", "DTSTAMP", "DTSTART", "SUMMARY"]) assert.ok(e[p], `VEVENT has ${p}: ${JSON.stringify(e)}`);
    assert.match(e.DTSTART, /^\d{8}(T\d{6}Z?)?$/, "DTSTART is a date");
  }
  return events;
}

// save writes a buffer to the scratch folder and returns its path.
export function save(dir, name, buf) {
  const p = path.join(dir, name);
  writeFileSync(p, buf);
  return p;
}
