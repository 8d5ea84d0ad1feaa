"""A stacked bar chart as plain SVG geometry (rendered by a template, styled by CSS)."""

import math

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 28


def nice_max(value: int) -> int:
    """A round upper bound for the axis: four equal integer steps of 1, 2 or 5 × 10^n."""
    quarter = max(1, math.ceil(value / 4))
    exp = 10 ** math.floor(math.log10(quarter))
    for step in (1, 2, 5, 10):
        if quarter <= step * exp:
            return 4 * step * exp
    return 40 * exp


def stacked_bars(data: dict[int, dict[str, int]], order: list[str]) -> dict:
    """Bars (x, y, w, h, css class, label) and axis ticks for {year: {stage: n}}."""
    years = sorted(data)
    if not years:
        return {"bars": [], "ticks": [], "labels": [], "width": WIDTH, "height": HEIGHT}
    years = list(range(years[0], years[-1] + 1))
    top = nice_max(max(sum(data.get(y, {}).values()) for y in years))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar_w = max(slot * 0.7, 2)
    bars, labels = [], []
    every = max(1, math.ceil(len(years) / 12))
    for i, year in enumerate(years):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = TOP + plot_h
        for stage in order:
            n = data.get(year, {}).get(stage, 0)
            if not n:
                continue
            h = n / top * plot_h
            base -= h
            bars.append({"x": round(x, 1), "y": round(base, 1), "w": round(bar_w, 1),
                         "h": round(h, 1), "cls": f"bar-{stage}", "year": year,
                         "stage": stage, "n": n})
        if i % every == 0:
            labels.append({"x": round(x + bar_w / 2, 1), "y": HEIGHT - 8, "text": str(year)})
    ticks = [{"y": round(TOP + plot_h - k / 4 * plot_h, 1), "value": top * k // 4,
              "x1": LEFT, "x2": WIDTH - RIGHT} for k in range(5)]
    return {"bars": bars, "ticks": ticks, "labels": labels, "width": WIDTH, "height": HEIGHT,
            "years": years, "top": top}
