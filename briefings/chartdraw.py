"""Drawing a ChartData as a PNG with matplotlib's object API on the Agg canvas (no pyplot, no display).

No pyplot: its global figure registry is not thread-safe, and the bot draws in worker threads. The font is
DejaVu Sans, which ships inside matplotlib (Latin, Cyrillic, Greek, Arabic), so nothing is downloaded and
every machine draws the same. Matplotlib 3.11 lays text out with libraqm (bundled in its wheels), so
Arabic letters join and right-to-left runs are ordered without any help from us.
"""
from __future__ import annotations

import io
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter

from briefings.chartdata import ChartData, Point, Series

FONT = "DejaVu Sans"
WIDTH_IN, PANEL_IN, DPI = 9.0, 2.4, 100
TITLE_IN, AXIS_IN, LEGEND_ROW_IN = 0.55, 0.8, 0.21  # fixed layout: constrained layout doubled the time
LEFT_IN, RIGHT_IN = 0.75, 0.25
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")
MAX_LABEL = 60


def short(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def draw(data: ChartData) -> tuple[bytes, int, int]:
    """The chart as PNG bytes with its pixel size. x: the reports in order of publication; y: the figure."""
    panels = len(data.series)
    rows = len(data.holders) + 1
    height = TITLE_IN + PANEL_IN * panels + AXIS_IN + LEGEND_ROW_IN * rows + 0.15
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    bottom = (AXIS_IN + LEGEND_ROW_IN * rows + 0.15) / height
    fig.subplots_adjust(left=LEFT_IN / WIDTH_IN, right=1 - RIGHT_IN / WIDTH_IN, top=1 - TITLE_IN / height,
                        bottom=bottom, hspace=0.12 * panels)
    colors = {h: COLORS[i % len(COLORS)] for i, h in enumerate(data.holders)}
    axes = fig.subplots(panels, 1, squeeze=False, sharex=True)[:, 0]
    xs = positions(data)
    for ax, series in zip(axes, data.series):
        _panel(ax, series, xs, colors)
    _x_axis(axes[-1], data)
    fig.suptitle(short(data.title, 90), y=1 - 0.12 / height, va="top", fontsize=13, fontfamily=FONT,
                 fontweight="bold")
    handles = [Line2D([], [], marker="o", linestyle="", color=colors[h], markersize=7,
                      label=short(f"{h}: latest {_latest_text(data, h)}", 120)) for h in data.holders]
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="#555555",
                          label="hollow: an earlier figure of that source · shaded band: lowest to highest figure"))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(LEFT_IN / WIDTH_IN - 0.05, 0.05 / height),
               frameon=False, prop={"family": FONT, "size": 8.5}, borderaxespad=0, labelspacing=0.45)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    width, height_px = (int(v) for v in fig.canvas.get_width_height())
    return buffer.getvalue(), width, height_px


def _latest_text(data: ChartData, holder: str) -> str:
    parts = [f"{s.field} {s.latest[holder].text}" for s in data.series if holder in s.latest]
    return ", ".join(parts)


def positions(data: ChartData) -> dict[Point, float]:
    """x of each point: its report's number, spread across the report's slot so that no two markers of one
    report overlap (one slot per holder and figure)."""
    out: dict[Point, float] = {}
    for s in data.series:
        slots: dict[int, list[tuple[str, str]]] = {}
        for p in s.points:
            report = slots.setdefault(p.report, [])
            if (p.holder, p.text) not in report:
                report.append((p.holder, p.text))
        for p in s.points:
            report = slots[p.report]
            width = min(0.8 / len(report), 0.22)
            out[p] = p.report + width * (report.index((p.holder, p.text)) - (len(report) - 1) / 2)
    return out


def log_scale(series: Series) -> bool:
    """One figure far above the others (a yearly toll quoted beside today's) would flatten every other
    marker: such a panel gets a logarithmic scale (symlog, so 0 still shows)."""
    values = sorted(p.value for p in series.points)
    middle = values[len(values) // 2]
    return series.high >= 100 and series.high > 8 * max(middle, 1)


def _panel(ax: Axes, series: Series, xs: dict[Point, float], colors: dict[str, str]) -> None:
    ax.axhspan(series.low, series.high, color="#f0b429", alpha=0.18, linewidth=0)
    below = False  # close neighbours take turns: one label above its marker, the next below
    previous: float | None = None
    for p in sorted(series.points, key=lambda p: xs[p]):
        latest = series.is_latest(p)
        ax.plot([xs[p]], [p.value], marker="o", markersize=9, linestyle="", color=colors[p.holder],
                markerfacecolor=colors[p.holder] if latest else "white", markeredgewidth=2)
        below = previous is not None and xs[p] - previous < 0.3 and not below
        previous = xs[p]
        ax.annotate(p.figure, (xs[p], p.value), xytext=(0, -15 if below else 8), textcoords="offset points",
                    ha="center", fontsize=8, fontfamily=FONT, color=colors[p.holder])
    span = f"{series.low:g}" if series.low == series.high else f"{series.low:g}–{series.high:g}"
    label = f"{series.field} (range {span})"
    if log_scale(series):
        ax.set_yscale("symlog", linthresh=10)
        ax.set_ylim(0, series.high * 2.5)
        ax.yaxis.set_major_formatter(ScalarFormatter())  # 10, 100, 1000 rather than powers of ten
        label += ", log scale"
    else:
        top = series.high * 1.25 + 1
        step = max(1, int(top // 5))
        ax.set_ylim(-top * 0.08, top)  # a 0 marker and a label below it stay whole above the axis line
        ax.set_yticks(range(0, int(top) + 1, step))
    ax.set_ylabel(label, fontfamily=FONT)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)


def _x_axis(ax: Axes, data: ChartData) -> None:
    """One tick per report: its outlet and date (the reports are in order of publication)."""
    reports: dict[int, Point] = {}
    for s in data.series:
        for p in s.points:
            reports.setdefault(p.report, p)
    order = sorted(reports)
    many = len(order) > 6
    labels = [f"{short(reports[r].outlet, 16 if many else 26)}\n{reports[r].published or 'undated'}" for r in order]
    ax.set_xticks(order, labels, fontsize=7.5 if many else 8.5, fontfamily=FONT,
                  rotation=30 if many else 0, ha="right" if many else "center")
    ax.set_xlim(order[0] - 0.6, order[-1] + 0.6)
    ax.set_xlabel("reports, in order of publication", fontfamily=FONT)
