"""Scanned copies of a signed report: rendered pages degraded the way a copier or a phone does it."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont


def degrade(png: bytes, seed: int, *, rotate: float = 0.0, blur: float = 0.0, noise: int = 0, specks: int = 0,
            stamp: bool = False, threshold: bool = False, gray: bool = True) -> Image.Image:
    rng = random.Random(seed)
    im = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = im.size
    if stamp:
        im = _stamp(im, rng)
    if rotate:
        im = im.rotate(rotate, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if blur:
        im = im.filter(ImageFilter.GaussianBlur(blur))
    if noise or specks:
        px = im.load()
        for _ in range(noise * w * h // 1000):
            x, y = rng.randrange(w), rng.randrange(h)
            v = rng.randint(90, 230)
            px[x, y] = (v, v, v)
        d = ImageDraw.Draw(im)
        for _ in range(specks):
            x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(1, 3)
            d.ellipse([x - r, y - r, x + r, y + r], fill=(30, 30, 30))
    if threshold:
        im = im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
    elif gray:
        im = im.convert("L")
    return im


def _stamp(im: Image.Image, rng: random.Random) -> Image.Image:
    """A red round seal printed over part of the page (the lower right, over a table)."""
    w, h = im.size
    r = int(min(w, h) * 0.13)
    cx, cy = int(w * rng.uniform(0.55, 0.75)), int(h * rng.uniform(0.35, 0.75))
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (210, 30, 40, 150)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(3, r // 18))
    # a star
    import math
    pts = []
    for i in range(10):
        rr = r * (0.28 if i % 2 else 0.12) * 1.0
        rr = r * 0.28 if i % 2 == 0 else r * 0.11
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=red)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", max(12, r // 5))
        d.text((cx - r * 0.55, cy + r * 0.35), "政务公开专用章", fill=red, font=font)
    except OSError:
        pass
    out = Image.alpha_composite(im.convert("RGBA"), layer)
    return out.convert("RGB")


def to_pdf(images: list[Image.Image], dpi: int) -> bytes:
    bio = io.BytesIO()
    ims = [i.convert("RGB") if i.mode not in ("L", "1", "RGB") else i for i in images]
    import time
    when = time.gmtime(1705309200)   # 2024-01-15: the same bytes on every build
    ims[0].save(bio, "PDF", resolution=dpi, save_all=True, append_images=ims[1:], creationDate=when, modDate=when)
    return bio.getvalue()


def stitch(images: list[Image.Image]) -> Image.Image:
    w = max(i.size[0] for i in images)
    h = sum(i.size[1] for i in images)
    out = Image.new("L", (w, h), 255)
    y = 0
    for i in images:
        out.paste(i.convert("L"), (0, y))
        y += i.size[1]
    return out


def to_bytes(im: Image.Image, fmt: str, quality: int = 75) -> bytes:
    bio = io.BytesIO()
    if fmt == "JPEG":
        im.convert("L").save(bio, "JPEG", quality=quality)
    else:
        im.save(bio, fmt, optimize=True)
    return bio.getvalue()
