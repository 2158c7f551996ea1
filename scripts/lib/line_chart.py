#!/usr/bin/env python3
"""Draws a line chart as a self-contained SVG from a TSV: the first column is x, every other column a series (its
header is the series' name); an empty cell is a missing point. Used by scripts/charts.sh.
Usage: line_chart.py DATA.tsv OUT.svg TITLE X_LABEL Y_LABEL [log]"""
import math
import sys

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 420, 70, 230, 40, 50
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]


def main(data, out, title, x_label, y_label, scale="linear"):
    with open(data) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    names, rows = rows[0][1:], rows[1:]
    xs = [float(r[0]) for r in rows]
    series = [[(float(r[0]), float(r[i + 1])) for r in rows if i + 1 < len(r) and r[i + 1] != ""] for i in range(len(names))]
    ys = [y for s in series for _, y in s]
    log = scale == "log"
    if log:
        lo, hi = 10 ** math.floor(math.log10(min(ys))), 10 ** math.ceil(math.log10(max(ys)))
        ticks = [10 ** e for e in range(int(math.log10(lo)), int(math.log10(hi)) + 1)]
        fy = lambda y: (math.log10(y) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    else:
        lo, step = 0.0, nice_step(max(ys) / 5)
        hi = step * math.ceil(max(ys) / step)
        ticks = [step * k for k in range(int(round(hi / step)) + 1)]
        fy = lambda y: (y - lo) / (hi - lo)
    x_lo, x_hi = min(xs), max(xs)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    px = lambda x: LEFT + (x - x_lo) / ((x_hi - x_lo) or 1) * plot_w
    py = lambda y: TOP + plot_h - fy(y) * plot_h
    out_lines = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">',
                 f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
                 f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>']
    for t in ticks:
        out_lines.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#ddd"/>')
        out_lines.append(f'<text x="{LEFT - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{label(t)}</text>')
    for x in sorted(set(xs)):
        out_lines.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{label(x)}</text>')
    out_lines.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="black"/>')
    out_lines.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="black"/>')
    out_lines.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 12}" text-anchor="middle">{escape(x_label)}</text>')
    out_lines.append(f'<text transform="translate(16,{TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>')
    for i, (name, points) in enumerate(zip(names, series)):
        colour = COLOURS[i % len(COLOURS)]
        if len(points) > 1:
            path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
            out_lines.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            out_lines.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{colour}"><title>{escape(name)}: {label(y)} at {label(x)}</title></circle>')
        ly = TOP + 10 + i * 20
        out_lines.append(f'<rect x="{LEFT + plot_w + 15}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>')
        out_lines.append(f'<text x="{LEFT + plot_w + 32}" y="{ly + 2}">{escape(name)}</text>')
    out_lines.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(out_lines) + "\n")


def nice_step(raw):
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def label(v):
    return f"{v:,.0f}" if v >= 10 or v == int(v) else f"{v:g}"


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    main(*sys.argv[1:])
