#!/usr/bin/env python3
"""Independent re-computation of a few figures of friday's report, checked against its JSON.

Reads a CSV export (leads.csv, activities.csv, opportunities.csv, as written by
`friday demo --csv --export-only`) and the JSON that `friday report ... --json FILE` wrote
for it, recomputes from first principles:

  * the overdue lead ids (the red list),
  * the grab-back lead ids,
  * never-contacted leads per rep (lead owner),
  * won / lost deals per rep,

and compares each with the JSON. Prints "ok N" per figure, or the differences (up to 10
examples each), and exits 1 when any figure differs (2 on bad input).

It assumes `[sla] clock = "calendar"` and no follow-up window. Junk is not re-derived: the
junk lead ids are taken from the JSON's `junk_leads`.

Usage:
  python3 bench/recompute.py --export DIR --json report.json --as-of 2026-11-20T17:00 \
      [--timezone UTC] [--attribution deal-owner|lead-owner] [--sla-default 72] \
      [--sla-trial 24] [--grab-back-rank 7] [--grab-back-days 30]

Standard library only (Python 3.11+).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_EXAMPLES = 10
NONE_NAME = "(none)"

# Header names, compared lowercased with non-alphanumerics removed. The first of each list is
# what the demo writes; the rest are tolerated spellings.
LEAD_COLUMNS = {
    "id": ["Lead ID", "LeadId", "Lead"],
    "first": ["First Name"],
    "last": ["Last Name"],
    "name": ["Name", "Full Name", "Lead Name"],
    "company": ["Company", "Account", "Account Name"],
    "email": ["Email", "E-mail"],
    "source": ["Lead Source", "Source"],
    "offer": ["Offer", "Product"],
    "owner": ["Lead Owner", "Owner"],
    "created": ["Created Date", "Created", "Created At", "Create Date"],
    "status": ["Lead Status", "Status"],
    "stage": ["Stage", "Lead Stage"],
    "rank": ["Rank", "Lead Rank", "Rating"],
    "converted": ["Converted", "Is Converted", "IsConverted"],
    "converted_at": ["Converted Date", "Converted At", "Conversion Date"],
}
ACTIVITY_COLUMNS = {
    "lead": ["Lead ID", "LeadId", "Lead"],
    "at": ["Activity Date", "Date", "Activity At", "Completed Date"],
}
OPPORTUNITY_COLUMNS = {
    "id": ["Opportunity ID", "OpportunityId", "Opportunity"],
    "lead": ["Lead ID", "LeadId", "Lead"],
    "owner": ["Opportunity Owner", "Owner"],
    "created": ["Created Date", "Created", "Created At"],
    "stage": ["Stage", "Opportunity Stage"],
}


def compact(s: str) -> str:
    """Lowercased, non-alphanumerics removed."""
    return "".join(ch for ch in s.lower() if ch.isalnum())


def words(s: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", s.lower()) if w]


# ---------------------------------------------------------------------------------------------
# Dates

_DT_RE = re.compile(
    r"""^\s*
    (?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})
    (?:
      [T\s]+
      (?P<h>\d{1,2}):(?P<mi>\d{2})
      (?::(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?
      \s*
      (?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?
    )?
    \s*$""",
    re.VERBOSE,
)


def parse_datetime(text: str, tz: ZoneInfo) -> datetime | None:
    """An instant (aware, UTC) from an ISO-ish text; naive values are local to `tz`.

    Accepts `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]`, with 'T' or a space, optional 'Z' or
    `+HH[:MM]` offset. A bare date is midnight local. None when empty or unparseable.
    """
    text = (text or "").strip()
    if not text:
        return None
    m = _DT_RE.match(text)
    if not m:
        try:  # last resort: Python's own ISO parser (handles a few more forms)
            dt = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            return None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=tz)
        return dt.astimezone(timezone.utc)
    try:
        y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
        h = int(m["h"]) if m["h"] else 0
        mi = int(m["mi"]) if m["mi"] else 0
        s = int(m["s"]) if m["s"] else 0
        us = int((m["frac"] or "0")[:6].ljust(6, "0"))
        naive = datetime(y, mo, d, h, mi, s, us)
    except ValueError:
        return None
    off = m["tz"]
    if off is None:
        local = naive.replace(tzinfo=tz)
    elif off in ("Z", "z"):
        local = naive.replace(tzinfo=timezone.utc)
    else:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        oh = int(digits[:2])
        om = int(digits[2:4]) if len(digits) >= 4 else 0
        local = naive.replace(tzinfo=timezone(sign * timedelta(hours=oh, minutes=om)))
    return local.astimezone(timezone.utc)


def parse_as_of(text: str, tz: ZoneInfo) -> datetime:
    """The as-of instant: a local date-time, or a bare date meaning its 23:59:59."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        y, mo, d = (int(p) for p in text.split("-"))
        return datetime(y, mo, d, 23, 59, 59, tzinfo=tz).astimezone(timezone.utc)
    dt = parse_datetime(text, tz)
    if dt is None:
        raise ValueError(f"cannot read --as-of {text!r}")
    return dt


def local(dt: datetime | None, tz: ZoneInfo) -> str:
    return "-" if dt is None else dt.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


# ---------------------------------------------------------------------------------------------
# Stages


class StageMatcher:
    """Won / lost from a stage or status value, per `settings.won_stages` / `lost_stages`.

    A value matches a word when the value, lowercased with non-alphanumerics removed, equals
    the word (also compacted), or when the word appears as whole word(s) in the value.
    """

    def __init__(self, won: list[str], lost: list[str]):
        self.won = [(compact(w), words(w)) for w in won if compact(w)]
        self.lost = [(compact(w), words(w)) for w in lost if compact(w)]

    @staticmethod
    def _matches(value: str, patterns) -> bool:
        c = compact(value)
        if not c:
            return False
        toks = words(value)
        for wc, wt in patterns:
            if wc == c:
                return True
            n = len(wt)
            if n and any(toks[i : i + n] == wt for i in range(len(toks) - n + 1)):
                return True
        return False

    def outcome(self, *values: str) -> str | None:
        """'won', 'lost' or None (open). Won is tested first, across all values."""
        if any(self._matches(v, self.won) for v in values if v):
            return "won"
        if any(self._matches(v, self.lost) for v in values if v):
            return "lost"
        return None


# ---------------------------------------------------------------------------------------------
# CSV


def read_table(path: str, columns: dict[str, list[str]], required: list[str]):
    """Rows of a CSV as dicts keyed by our field names (missing columns absent)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            return [], {}
        index = {compact(h): i for i, h in reversed(list(enumerate(header)))}
        found: dict[str, int] = {}
        for key, names in columns.items():
            for name in names:
                if compact(name) in index:
                    found[key] = index[compact(name)]
                    break
        missing = [k for k in required if k not in found]
        if missing:
            raise SystemExit(
                f"{path}: no column for {', '.join(missing)} (header: {', '.join(header)})"
            )
        rows = []
        for line_no, rec in enumerate(reader, start=2):
            if not any(cell.strip() for cell in rec):
                continue
            row = {k: (rec[i].strip() if i < len(rec) else "") for k, i in found.items()}
            row["_line"] = line_no
            rows.append(row)
    return rows, {k: header[i] for k, i in found.items()}


def parse_rank(text: str) -> int | None:
    """'3', '#3', '7 - Inactive' → the first whole number; None when there is none."""
    m = re.search(r"\d+", text or "")
    return int(m.group()) if m else None


TRUTHY = {"1", "true", "yes", "y", "x", "t", "converted", "wahr", "ja", "oui"}


# ---------------------------------------------------------------------------------------------
# Main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Recompute overdue, grab-back, never-contacted and won/lost per rep from a "
        "CSV export and compare them with friday's --json output."
    )
    ap.add_argument("--export", required=True, help="folder with leads.csv, activities.csv, "
                    "opportunities.csv (or its export/ subfolder)")
    ap.add_argument("--json", required=True, help="friday's --json output for that export")
    ap.add_argument("--as-of", help="local date-time of the as-of instant, e.g. "
                    "2026-11-20T17:00 (a bare date means 23:59:59); default: the JSON's "
                    "as_of_time")
    ap.add_argument("--timezone", default=None, help="IANA zone of naive timestamps "
                    "(default: the JSON's settings.timezone, else UTC)")
    ap.add_argument("--attribution", choices=["deal-owner", "lead-owner"], default="deal-owner")
    ap.add_argument("--sla-default", type=float, default=72.0)
    ap.add_argument("--sla-trial", type=float, default=24.0)
    ap.add_argument("--grab-back-rank", type=int, default=7)
    ap.add_argument("--grab-back-days", type=float, default=30.0)
    args = ap.parse_args(argv)

    with open(args.json, encoding="utf-8") as f:
        report = json.load(f)
    if isinstance(report, dict) and "report" in report and "reps" not in report:
        report = report["report"]
    settings = report.get("settings") or {}

    tz_name = args.timezone or settings.get("timezone") or "UTC"
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        print(f"unknown time zone {tz_name!r}", file=sys.stderr)
        return 2

    warnings: list[str] = []

    def warn(msg: str) -> None:
        warnings.append(msg)

    if args.as_of:
        T = parse_as_of(args.as_of, tz)
    elif report.get("as_of_time"):
        T = parse_as_of(str(report["as_of_time"]), tz)
    else:
        print("no --as-of given and no as_of_time in the JSON", file=sys.stderr)
        return 2
    if report.get("as_of_time"):
        jt = parse_datetime(str(report["as_of_time"]), tz)
        if jt is not None and jt != T:
            warn(f"--as-of {local(T, tz)} differs from the JSON's as_of_time "
                 f"{report['as_of_time']}")

    # Settings sanity: the check is only meaningful when both sides used the same ones.
    def check_setting(key, ours):
        if key in settings and settings[key] is not None and settings[key] != ours:
            try:
                if float(settings[key]) == float(ours):
                    return
            except (TypeError, ValueError):
                pass
            warn(f"settings.{key} in the JSON is {settings[key]!r}, this check uses {ours!r}")

    check_setting("timezone", tz_name)
    check_setting("sla_clock", "calendar")
    check_setting("default_sla_hours", args.sla_default)
    check_setting("grab_back_rank", args.grab_back_rank)
    check_setting("grab_back_days", args.grab_back_days)
    offer_sla = settings.get("offer_sla_hours")
    if offer_sla is not None:
        pairs = []
        for p in offer_sla:
            if isinstance(p, (list, tuple)) and len(p) == 2:
                pairs.append((str(p[0]).lower(), float(p[1])))
            elif isinstance(p, dict):
                vals = list(p.values())
                if len(vals) == 2:
                    pairs.append((str(vals[0]).lower(), float(vals[1])))
        if pairs and pairs != [("trial", float(args.sla_trial))]:
            warn(f"settings.offer_sla_hours in the JSON is {offer_sla!r}; this check uses only "
                 f"trial = {args.sla_trial:g}")

    won_words = settings.get("won_stages")
    lost_words = settings.get("lost_stages")
    if won_words is None or lost_words is None:
        warn("the JSON has no settings.won_stages / lost_stages; using won/lost only")
        won_words = won_words or ["won"]
        lost_words = lost_words or ["lost"]
    stages = StageMatcher(list(won_words), list(lost_words))

    # ---- input files
    folder = args.export
    if not os.path.exists(os.path.join(folder, "leads.csv")) and os.path.exists(
        os.path.join(folder, "export", "leads.csv")
    ):
        folder = os.path.join(folder, "export")
    leads_rows, lead_cols = read_table(os.path.join(folder, "leads.csv"), LEAD_COLUMNS, ["id"])
    act_rows, _ = read_table(
        os.path.join(folder, "activities.csv"), ACTIVITY_COLUMNS, ["lead", "at"]
    )
    opp_path = os.path.join(folder, "opportunities.csv")
    opp_rows, _ = (
        read_table(opp_path, OPPORTUNITY_COLUMNS, ["lead"]) if os.path.exists(opp_path) else ([], {})
    )

    bad_dates = Counter()

    def dt_of(row, key, table):
        raw = row.get(key, "")
        dt = parse_datetime(raw, tz)
        if raw and dt is None:
            bad_dates[f"{table}.{key}"] += 1
        return dt

    # ---- leads that exist at T
    leads = []
    dropped_future = 0
    for r in leads_rows:
        created = dt_of(r, "created", "leads")
        if created is not None and created > T:
            dropped_future += 1
            continue
        name = r.get("name") or " ".join(x for x in (r.get("first", ""), r.get("last", "")) if x)
        leads.append({
            "id": r["id"],
            "line": r["_line"],
            "name": name,
            "company": r.get("company", ""),
            "email": r.get("email", ""),
            "owner": r.get("owner", "") or NONE_NAME,
            "source": r.get("source", ""),
            "offer": r.get("offer", ""),
            "created": created,
            "status": r.get("status", ""),
            "stage": r.get("stage", ""),
            "rank_text": r.get("rank", ""),
            "rank": parse_rank(r.get("rank", "")),
            "conv_flag": r.get("converted", ""),
            "conv_at": dt_of(r, "converted_at", "leads") if "converted_at" in r else None,
        })
    ids = Counter(l["id"] for l in leads)
    dup_ids = [i for i, n in ids.items() if n > 1]
    if dup_ids:
        warn(f"{len(dup_ids)} lead ids appear more than once (e.g. {dup_ids[0]}); each row is "
             f"checked on its own, touches and deals are shared by id")
    by_id: dict[str, dict] = {}
    for l in leads:
        by_id.setdefault(l["id"], l)

    # ---- touches
    acts_by_lead: dict[str, list[datetime]] = defaultdict(list)
    for r in act_rows:
        at = dt_of(r, "at", "activities")
        if at is None or at > T:
            continue
        acts_by_lead[r["lead"]].append(at)

    # ---- opportunities that exist at T
    opps = []
    for r in opp_rows:
        created = dt_of(r, "created", "opportunities")
        if created is not None and created > T:
            continue
        opps.append(r)
    converted_ids = {o["lead"] for o in opps if o.get("lead")}

    junk_ids = {str(x.get("lead_id")) for x in (report.get("junk_leads") or [])}

    # ---- per lead
    for l in leads:
        touches = [
            at for at in acts_by_lead.get(l["id"], ())
            if l["created"] is None or at >= l["created"]
        ]
        l["touches"] = len(touches)
        l["last_touch"] = max(touches) if touches else None
        l["junk"] = l["id"] in junk_ids
        l["outcome"] = stages.outcome(l["status"], l["stage"])
        flag = l["conv_flag"].strip().lower()
        l["converted"] = (
            l["id"] in converted_ids
            or flag in TRUTHY
            or (l["conv_at"] is not None and l["conv_at"] <= T)
        )
        basis = l["offer"] if l["offer"] else l["source"]
        l["sla"] = args.sla_trial if "trial" in basis.lower() else args.sla_default
        l["deadline"] = (
            l["created"] + timedelta(hours=l["sla"]) if l["created"] is not None else None
        )

    # Overdue
    ours_overdue = set()
    for l in leads:
        if (
            not l["junk"]
            and l["outcome"] is None
            and (l["rank"] is None or l["rank"] < args.grab_back_rank)
            and l["touches"] == 0
            and not l["converted"]
            and l["deadline"] is not None
            and T > l["deadline"]
        ):
            ours_overdue.add(l["id"])

    # Grab-back
    quiet = timedelta(days=args.grab_back_days)
    ours_grab = set()
    for l in leads:
        if l["junk"] or l["outcome"] == "won" or l["rank"] is None:
            continue
        if l["rank"] < args.grab_back_rank:
            continue
        lt, cr = l["last_touch"], l["created"]
        if lt is None and cr is None:
            continue
        if (lt is None or T - lt >= quiet) and (cr is None or T - cr >= quiet):
            ours_grab.add(l["id"])

    # Never contacted per rep (reps = owners of any lead, junk included)
    ours_never: dict[str, int] = {}
    for l in leads:
        ours_never.setdefault(l["owner"], 0)
        if not l["junk"] and l["touches"] == 0:
            ours_never[l["owner"]] += 1

    # Won / lost per rep
    ours_wl: dict[str, list[int]] = {}
    for o in opps:
        lead = by_id.get(o.get("lead", ""))
        lead_owner = lead["owner"] if lead and lead["owner"] != NONE_NAME else ""
        own = o.get("owner", "")
        if args.attribution == "deal-owner":
            rep = own or lead_owner or NONE_NAME
        else:
            rep = lead_owner or own or NONE_NAME
        wl = ours_wl.setdefault(rep, [0, 0])
        outcome = stages.outcome(o.get("stage", ""))
        if outcome == "won":
            wl[0] += 1
        elif outcome == "lost":
            wl[1] += 1
    ours_wl_t = {k: tuple(v) for k, v in ours_wl.items()}

    # ---- friday's figures
    reps = report.get("reps") or []
    theirs_overdue = {str(x["lead_id"]) for x in report.get("overdue") or []}
    theirs_grab = {str(x["lead_id"]) for x in report.get("grab_back") or []}
    theirs_never = {r["name"]: r["never_contacted"] for r in reps if (r.get("leads") or 0) > 0}
    theirs_wl = {
        r["name"]: (r["won"], r["lost"]) for r in reps if (r.get("opportunities") or 0) > 0
    }

    # ---- print
    print(f"export   {folder}: {len(leads)} leads at as-of ({dropped_future} created later), "
          f"{sum(len(v) for v in acts_by_lead.values())} activities, {len(opps)} opportunities")
    print(f"as-of    {local(T, tz)} {tz_name}; junk from JSON: {len(junk_ids)}; "
          f"attribution {args.attribution}")
    if lead_cols:
        print("columns  " + ", ".join(f"{k}={v!r}" for k, v in lead_cols.items()))
    for key, n in sorted(bad_dates.items()):
        warn(f"{n} unreadable dates in {key}")
    for w in warnings:
        print(f"warning  {w}")
    print()

    def describe(lead_id: str) -> str:
        l = by_id.get(lead_id)
        if l is None:
            return f"{lead_id}: not among the leads existing at as-of"
        age = (T - l["created"]).total_seconds() / 3600 if l["created"] else None
        quiet_days = (T - l["last_touch"]).total_seconds() / 86400 if l["last_touch"] else None
        return (
            f"{lead_id} (line {l['line']}): owner={l['owner']!r} source={l['source']!r} "
            f"offer={l['offer']!r} status={l['status']!r} rank={l['rank_text']!r} "
            f"created={local(l['created'], tz)} age_h={'-' if age is None else f'{age:.1f}'} "
            f"sla={l['sla']:g}h deadline={local(l['deadline'], tz)} touches={l['touches']} "
            f"last_touch={local(l['last_touch'], tz)} "
            f"quiet_d={'-' if quiet_days is None else f'{quiet_days:.1f}'} "
            f"converted={l['converted']} junk={l['junk']} outcome={l['outcome'] or 'open'}"
        )

    failed = False

    def compare_sets(label: str, ours: set, theirs: set) -> None:
        nonlocal failed
        if ours == theirs:
            print(f"{label}: ok {len(ours)}")
            return
        failed = True
        only_ours = sorted(ours - theirs)
        only_theirs = sorted(theirs - ours)
        print(f"{label}: DIFFERS — recomputed {len(ours)}, friday {len(theirs)}; "
              f"{len(only_ours)} missing from friday, {len(only_theirs)} only in friday")
        for title, items in (("missing from friday", only_ours), ("only in friday", only_theirs)):
            if items:
                print(f"  {title}:")
                for i in items[:MAX_EXAMPLES]:
                    print(f"    {describe(i)}")
                if len(items) > MAX_EXAMPLES:
                    print(f"    … and {len(items) - MAX_EXAMPLES} more")

    def compare_maps(label: str, ours: dict, theirs: dict, fmt) -> None:
        nonlocal failed
        if ours == theirs:
            print(f"{label}: ok {len(ours)}")
            return
        failed = True
        keys = sorted(set(ours) | set(theirs), key=lambda k: (k == NONE_NAME, k))
        diffs = [k for k in keys if ours.get(k) != theirs.get(k)]
        print(f"{label}: DIFFERS — {len(diffs)} of {len(keys)} reps")
        for k in diffs[:MAX_EXAMPLES]:
            print(f"    {k!r}: recomputed {fmt(ours.get(k))}, friday {fmt(theirs.get(k))}")
        if len(diffs) > MAX_EXAMPLES:
            print(f"    … and {len(diffs) - MAX_EXAMPLES} more")

    def show(v):
        return "absent" if v is None else str(v)

    def show_wl(v):
        return "absent" if v is None else f"won {v[0]} / lost {v[1]}"

    compare_sets("overdue ids", ours_overdue, theirs_overdue)
    compare_sets("grab-back ids", ours_grab, theirs_grab)
    compare_maps("never contacted per rep", ours_never, theirs_never, show)
    compare_maps("won/lost per rep", ours_wl_t, theirs_wl, show_wl)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
