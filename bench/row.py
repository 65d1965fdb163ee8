"""One row of bench/results.md from loadgen's JSON (called by bench/run.sh).

args: json what min_ratio max_p99 min_rps rss_mb healthz_rps prev_results_md
The ratio is req/s over /healthz's req/s in the same run; the row is compared
with the same row of the previous results (its ratio, or req/s over that run's
/healthz for results written before the ratio column), and flagged WORSE when
the ratio fell or p99 rose by more than 20 %.
"""
import json
import os
import sys


def previous(path, what):
    """(ratio, p99) of the row `what` in a results file, or None."""
    if not os.path.exists(path):
        return None
    header, rows = None, {}
    for line in open(path, encoding="utf-8"):
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        rows[cells[0]] = dict(zip(header, cells))
    row, ref = rows.get(what), rows.get("reference: trivial handler (/healthz)")
    if not row:
        return None
    try:
        p99 = float(row["p99 ms"])
        if row.get("ratio to /healthz"):
            ratio = float(row["ratio to /healthz"])
        else:
            ratio = float(row["req/s"]) / float(ref["req/s"])
    except (KeyError, ValueError, TypeError, ZeroDivisionError):
        return None
    return ratio, p99


def main():
    d = json.loads(sys.argv[1])
    what, min_ratio, max_p99, min_rps, rss, healthz, prev_path = sys.argv[2:9]
    errs = d["non_2xx"] + d["errors"]
    ratio = d["rps"] / float(healthz) if healthz and float(healthz) > 0 else 0.0
    target, ok = [], errs == 0 and d["requests"] > 0
    if min_ratio:
        target.append(">= %s of /healthz" % min_ratio)
        ok = ok and ratio >= float(min_ratio)
    if min_rps:
        target.append(">= %s req/s" % min_rps)
        ok = ok and d["rps"] >= float(min_rps)
    if max_p99:
        target.append("p99 <= %s ms" % max_p99)
        ok = ok and d["p99_ms"] <= float(max_p99)
    met = ("met" if ok else "**NOT MET**") if target else "(the ceiling)"
    cmp = "(none)"
    prev = previous(prev_path, what)
    if prev:
        pr, pp = prev
        dr = (ratio - pr) / pr * 100 if pr else 0.0
        dp = (d["p99_ms"] - pp) / pp * 100 if pp else 0.0
        worse = dr < -20 or dp > 20
        cmp = "%sratio %.4f → %.4f (%+.0f %%), p99 %.1f → %.1f ms (%+.0f %%)" % (
            "**WORSE**: " if worse else "", pr, ratio, dr, pp, d["p99_ms"], dp)
        if what.startswith("reference:"):
            cmp = "p99 %.1f → %.1f ms (the state of the machine)" % (pp, d["p99_ms"])
    print("| %s | %.0f | %.4f | %.1f | %.1f | %d | %s | %s | %s | %s |" % (
        what, d["rps"], ratio, d["p50_ms"], d["p99_ms"], errs, rss, ", ".join(target) or "report it", met, cmp))


main()
