"""The page's style sheet, inlined into every page (no font or file to fetch)."""

from __future__ import annotations

CSS = """
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec;
  --good: #2e7d32; --bad: #c62828; --new: #1565c0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem;
  margin-top: 2rem; }
h3 { font-size: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; word-break: break-all; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 0.2rem 0.6rem; text-align: left;
  vertical-align: top; }
th { background: #f0f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass, .improved { color: var(--good); font-weight: 600; }
.fail, .worse { color: var(--bad); font-weight: 600; }
.new { color: var(--new); }
.same, .none, .note, figcaption { color: var(--muted); }
figure.plot { margin: 0.5rem 0; }
figure.plot svg { max-width: 100%; height: auto; }
details { margin: 0.5rem 0; }
td ul { margin: 0; padding-left: 1.1rem; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f4f8;
  padding: 0 0.2rem; border-radius: 3px; }
summary { cursor: pointer; color: var(--new); }
"""
