"""The original product's renderer (Pillow), doing the same work as PromoStack's bench: decode the template each
time (as the original did), fit the code by bisection, draw it, paste a round logo, encode PNG (Pillow defaults) or
JPEG quality 90. Prints JSON. Usage: pillow_render.py TEMPLATE LOGO FONT OUT_DIR ITERATIONS"""
import io
import json
import statistics
import sys
import time
from multiprocessing import Pool

from PIL import Image, ImageDraw, ImageFont, ImageOps

TEMPLATE, LOGO, FONT, OUT_DIR, ITERATIONS = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
BOX = (0.10, 0.78, 0.80, 0.12)  # left, top, width, height as fractions, the same box as the Node bench
MAX_FONT = 140


def fit(draw, code, box_w, box_h):
    def width(px):
        left, _, right, _ = draw.textbbox((0, 0), code, font=ImageFont.truetype(FONT, px), anchor="ls")
        return right - left

    hi = min(MAX_FONT, box_h)
    if width(hi) <= box_w:
        return hi
    lo = 8
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        if width(mid) <= box_w:
            lo = mid
        else:
            hi = mid
    return lo


def render(code, fmt):
    image = Image.open(TEMPLATE).convert("RGB")
    w, h = image.size
    draw = ImageDraw.Draw(image)
    bx, by, bw, bh = round(BOX[0] * w), round(BOX[1] * h), round(BOX[2] * w), round(BOX[3] * h)
    font = ImageFont.truetype(FONT, fit(draw, code, bw, bh))
    left, top, right, bottom = draw.textbbox((0, 0), code, font=font, anchor="ls")
    x = bx + bw / 2 - (left + right) / 2
    y = by + bh / 2 - (top + bottom) / 2
    draw.text((x, y), code, font=font, fill="#FFFFFF", anchor="ls")
    shorter = min(w, h)
    diameter, margin = max(32, round(shorter * 0.12)), max(20, round(shorter * 0.04))
    logo = ImageOps.fit(Image.open(LOGO).convert("RGB"), (diameter, diameter))
    mask = Image.new("L", (diameter, diameter), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, diameter - 1, diameter - 1), fill=255)
    image.paste(logo, (margin, margin), mask)
    out = io.BytesIO()
    if fmt == "png":
        image.save(out, "PNG")
    else:
        image.save(out, "JPEG", quality=90)
    return out.getvalue()


def timed(args):
    code, fmt = args
    started = time.perf_counter()
    body = render(code, fmt)
    return (time.perf_counter() - started) * 1000, len(body)


def summarise(fmt):
    render("WARMUP", fmt)
    samples = [timed((f"SAVE{i:04d}", fmt)) for i in range(ITERATIONS)]
    times = sorted(ms for ms, _ in samples)
    with open(f"{OUT_DIR}/pillow-SAVE20.{fmt}", "wb") as f:
        body = render("SAVE20", fmt)
        f.write(body)
    jobs = [(f"PAR{i:04d}", fmt) for i in range(ITERATIONS * 2)]
    started = time.perf_counter()
    with Pool(2) as pool:
        pool.map(timed, jobs)
    parallel = len(jobs) / (time.perf_counter() - started)
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "images_per_s_1_process": 1000 / statistics.mean(times),
        "images_per_s_2_processes": parallel,
        "bytes": len(body),
    }


print(json.dumps({"pillow": Image.__version__, "png": summarise("png"), "jpeg": summarise("jpeg")}))
