"""Illustrations for the demo, drawn with Pillow so the repository ships no photographs.

Each function returns the JPEG bytes of one 1600 × 900 picture. Drawing is seeded, so a
picture comes out the same every time.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = WIDTH, HEIGHT = 1600, 900


def _gradient(size, top, bottom):
    """A vertical blend from ``top`` to ``bottom`` colour."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _shade(colour, factor):
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def _layer(picture):
    """A transparent layer the size of ``picture``, to draw on and lay over it."""
    return Image.new("RGBA", picture.size, (0, 0, 0, 0))


def _overlay(picture, layer, blur=0):
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")


def _jpeg(picture):
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
    return buffer.getvalue()


def _walrus(draw, x, y, scale, colour, *, lying=False):
    """A walrus seen side on: a heavy body, a smaller head, whiskers and two tusks."""
    body_w, body_h = 150 * scale, 62 * scale
    if lying:
        body_w, body_h = 165 * scale, 48 * scale
    draw.ellipse((x - body_w / 2, y - body_h, x + body_w / 2, y), fill=colour)
    head_x = x + body_w * 0.42
    head_y = y - body_h * (0.55 if lying else 0.78)
    head_r = 26 * scale
    draw.ellipse((head_x - head_r, head_y - head_r, head_x + head_r, head_y + head_r), fill=colour)
    muzzle = _shade(colour, 1.25)
    draw.ellipse(
        (head_x + head_r * 0.35, head_y - head_r * 0.1, head_x + head_r * 1.25, head_y + head_r * 0.7),
        fill=muzzle,
    )
    tusk = (236, 228, 208)
    tusk_top = head_y + head_r * 0.55
    for offset in (0.55, 0.9):
        tx = head_x + head_r * offset
        draw.line(
            (tx, tusk_top, tx - 4 * scale, tusk_top + 34 * scale), fill=tusk, width=max(2, round(4 * scale))
        )
    flipper = _shade(colour, 0.8)
    draw.ellipse((x + body_w * 0.05, y - 14 * scale, x + body_w * 0.32, y + 4 * scale), fill=flipper)


def sea_ice():
    """Broken sea ice on a dark sea under a low Arctic sun."""
    rng = random.Random(2)
    horizon = 390
    picture = Image.new("RGB", SIZE)
    picture.paste(_gradient((WIDTH, horizon), (38, 58, 104), (246, 188, 150)), (0, 0))
    picture.paste(_gradient((WIDTH, HEIGHT - horizon), (52, 74, 110), (10, 22, 44)), (0, horizon))

    glow = _layer(picture)
    ImageDraw.Draw(glow).ellipse((1040, horizon - 90, 1220, horizon + 90), fill=(255, 226, 190, 200))
    picture = _overlay(picture, glow, blur=40)

    draw = ImageDraw.Draw(picture)
    for _ in range(70):
        depth = rng.random() ** 1.6
        y = horizon + 12 + depth * (HEIGHT - horizon)
        half_w = 20 + depth * 230 * rng.uniform(0.5, 1.2)
        half_h = half_w * (0.08 + depth * 0.16)
        x = rng.uniform(-100, WIDTH + 100)
        points = []
        for step in range(9):
            angle = 2 * math.pi * step / 9
            wobble = rng.uniform(0.7, 1.15)
            points.append((x + math.cos(angle) * half_w * wobble, y + math.sin(angle) * half_h * wobble))
        shadow = [(px + 4, py + 6 + depth * 10) for px, py in points]
        draw.polygon(shadow, fill=(18, 36, 62))
        light = round(205 + depth * 45)
        draw.polygon(points, fill=(light - 20, light - 6, light))
    return _jpeg(picture.filter(ImageFilter.SMOOTH))


def walrus_crowd():
    """Walruses packed together on a shingle beach, the sea a strip behind them."""
    rng = random.Random(3)
    picture = _gradient(SIZE, (206, 212, 216), (120, 112, 104))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 300, WIDTH, 360), fill=(74, 92, 108))
    draw.rectangle((0, 360, WIDTH, HEIGHT), fill=(132, 124, 114))
    for _ in range(1800):
        x, y = rng.uniform(0, WIDTH), rng.uniform(360, HEIGHT)
        r = 1 + (y - 360) / 140
        tone = rng.randint(100, 160)
        draw.ellipse((x - r, y - r * 0.6, x + r, y + r * 0.6), fill=(tone, tone - 6, tone - 12))
    for row in range(9):
        y = 390 + row * row * 7.5 + row * 18
        scale = 0.35 + row * 0.14
        x = rng.uniform(-60, 20)
        while x < WIDTH + 80:
            shade = rng.uniform(0.8, 1.1)
            colour = _shade((126, 92, 74), shade)
            _walrus(draw, x, y + rng.uniform(-6, 6), scale, colour, lying=rng.random() < 0.3)
            x += 150 * scale * rng.uniform(0.75, 1.05)
    return _jpeg(picture)


def walrus_cliff():
    """A grey cliff above a stony beach, with still walrus shapes at its foot."""
    rng = random.Random(4)
    picture = _gradient(SIZE, (150, 160, 170), (214, 214, 210))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 500, WIDTH, 640), fill=(70, 88, 104))
    cliff = [(0, 120), (240, 110), (520, 150), (700, 170), (790, 260), (860, 420), (920, 640), (0, 640)]
    draw.polygon(cliff, fill=(84, 82, 80))
    for _ in range(60):
        x = rng.uniform(40, 880)
        y = rng.uniform(180, 620)
        draw.line((x, y, x + rng.uniform(-40, 40), y + rng.uniform(30, 90)), fill=(64, 62, 62), width=3)
    draw.rectangle((0, 640, WIDTH, HEIGHT), fill=(118, 112, 106))
    for _ in range(900):
        x, y = rng.uniform(0, WIDTH), rng.uniform(640, HEIGHT)
        r = rng.uniform(3, 10) * (1 + (y - 640) / 260)
        tone = rng.randint(80, 150)
        draw.ellipse((x - r, y - r * 0.6, x + r, y + r * 0.6), fill=(tone, tone - 4, tone - 8))
    for x in range(40, 680, 95):
        _walrus(draw, x, 152 + (x % 3) * 4, 0.32, (120, 84, 66))
    for index in range(7):
        x = 780 + index * 115 + rng.uniform(-25, 25)
        y = 720 + rng.uniform(0, 120)
        _walrus(draw, x, y, 0.7 + rng.uniform(0, 0.25), (96, 66, 54), lying=True)
    return _jpeg(picture.filter(ImageFilter.SMOOTH))


def _shark(draw, x, y, length, colour, heading=1):
    """A reef shark in profile: a long body, dorsal and tail fins."""
    h = length * 0.16

    def at(dx, dy):
        return (x + heading * dx, y + dy)

    body = [
        at(0, 0),
        at(length * 0.25, -h * 0.55),
        at(length * 0.7, -h * 0.35),
        at(length, 0),
        at(length * 0.7, h * 0.3),
        at(length * 0.25, h * 0.45),
    ]
    draw.polygon(body, fill=colour)
    draw.polygon(
        [at(length * 0.38, -h * 0.5), at(length * 0.5, -h * 1.6), at(length * 0.6, -h * 0.45)], fill=colour
    )
    draw.polygon(
        [
            at(length * 0.02, 0),
            at(-length * 0.18, -h * 1.4),
            at(-length * 0.1, 0),
            at(-length * 0.16, h * 1.0),
        ],
        fill=colour,
    )
    draw.polygon(
        [at(length * 0.55, h * 0.25), at(length * 0.5, h * 1.2), at(length * 0.68, h * 0.3)], fill=colour
    )


def reef_at_night():
    """Dark water, a cone of diver's light, and sharks circling over a reef."""
    rng = random.Random(5)
    picture = _gradient(SIZE, (8, 20, 46), (2, 8, 18))
    beam = _layer(picture)
    ImageDraw.Draw(beam).polygon(
        [(620, -40), (980, -40), (1380, HEIGHT), (260, HEIGHT)], fill=(150, 190, 220, 90)
    )
    picture = _overlay(picture, beam, blur=60)
    draw = ImageDraw.Draw(picture)
    for _ in range(140):
        x = rng.uniform(-40, WIDTH + 40)
        y = 700 + rng.uniform(0, 260)
        r = rng.uniform(30, 110)
        colour = rng.choice([(70, 64, 80), (96, 78, 70), (60, 84, 88), (110, 96, 84)])
        lit = 1.3 if 330 < x < 1300 else 0.8
        draw.ellipse((x - r, y - r * 0.6, x + r, y + r * 0.6), fill=_shade(colour, lit))
    for _ in range(16):
        length = rng.uniform(140, 340)
        x, y = rng.uniform(60, WIDTH - 360), rng.uniform(160, 640)
        inside = 420 < x < 1150
        grey = (120, 134, 146) if inside else (46, 58, 72)
        _shark(draw, x, y, length, grey, heading=rng.choice((1, -1)))
    specks = _layer(picture)
    speck_draw = ImageDraw.Draw(specks)
    for _ in range(400):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT)
        speck_draw.ellipse((x, y, x + 3, y + 3), fill=(220, 236, 255, rng.randint(40, 140)))
    return _jpeg(_overlay(picture, specks, blur=1))


def forest_mist():
    """Conifer trunks in layers, fading into winter mist."""
    rng = random.Random(6)
    picture = _gradient(SIZE, (222, 214, 196), (188, 190, 184))
    glow = _layer(picture)
    ImageDraw.Draw(glow).ellipse((560, 160, 1000, 600), fill=(255, 236, 200, 170))
    picture = _overlay(picture, glow, blur=80)
    for layer, tone in enumerate((184, 158, 128, 92, 52)):
        trees = _layer(picture)
        draw = ImageDraw.Draw(trees)
        base = 720 + layer * 45
        for _ in range((12, 9, 7, 5, 3)[layer]):
            x = rng.uniform(-40, WIDTH + 40)
            width = 8 + layer * 9
            top = rng.uniform(-200, 150)
            colour = (tone, tone + 6, tone + 4, 255)
            draw.rectangle((x - width / 2, top, x + width / 2, base), fill=colour)
            for tier in range(8):
                y = top + tier * (base - top) * 0.09
                spread = (22 + tier * 10) * (1 + layer * 0.3)
                draw.polygon([(x, y - 30), (x - spread, y + 60), (x + spread, y + 60)], fill=colour)
        picture = _overlay(picture, trees, blur=max(0, 6 - layer * 2))
        mist = _layer(picture)
        ImageDraw.Draw(mist).rectangle((0, base - 120, WIDTH, HEIGHT), fill=(230, 226, 214, 70))
        picture = _overlay(picture, mist, blur=50)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 880, WIDTH, HEIGHT), fill=(236, 236, 240))
    return _jpeg(picture)


def jungle_canopy():
    """A rainforest canopy from above: crowns of many greens, mist between them."""
    rng = random.Random(7)
    picture = Image.new("RGB", SIZE, (18, 44, 26))
    draw = ImageDraw.Draw(picture)
    greens = [(34, 92, 44), (52, 118, 52), (78, 140, 60), (28, 74, 40), (96, 150, 72), (60, 104, 46)]
    for _ in range(420):
        x, y = rng.uniform(-60, WIDTH + 60), rng.uniform(-60, HEIGHT + 60)
        r = rng.uniform(40, 120)
        colour = rng.choice(greens)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_shade(colour, 0.7))
        draw.ellipse((x - r * 0.85, y - r * 0.9, x + r * 0.75, y + r * 0.7), fill=colour)
        draw.ellipse((x - r * 0.5, y - r * 0.6, x + r * 0.2, y), fill=_shade(colour, 1.2))
    picture = picture.filter(ImageFilter.GaussianBlur(1.5))
    mist = _layer(picture)
    mist_draw = ImageDraw.Draw(mist)
    for _ in range(9):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT)
        mist_draw.ellipse((x - 260, y - 70, x + 260, y + 70), fill=(236, 242, 236, 120))
    return _jpeg(_overlay(picture, mist, blur=45))


def planet():
    """A blue and green planet, half in shadow, against a starry sky."""
    rng = random.Random(8)
    picture = Image.new("RGB", SIZE, (2, 4, 12))
    draw = ImageDraw.Draw(picture)
    for _ in range(500):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT)
        level = rng.randint(90, 255)
        draw.point((x, y), fill=(level, level, level))
    centre, radius = (800, 470), 360
    box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)

    halo = _layer(picture)
    ImageDraw.Draw(halo).ellipse(
        (box[0] - 22, box[1] - 22, box[2] + 22, box[3] + 22), fill=(110, 170, 255, 150)
    )
    picture = _overlay(picture, halo, blur=26)

    globe = Image.new("RGB", SIZE, (24, 84, 160))
    globe_draw = ImageDraw.Draw(globe)
    for _ in range(9):
        x = rng.uniform(box[0] + 60, box[2] - 60)
        y = rng.uniform(box[1] + 80, box[3] - 80)
        for _ in range(9):
            r = rng.uniform(18, 56)
            dx, dy = rng.uniform(-80, 80), rng.uniform(-50, 50)
            colour = rng.choice([(54, 120, 64), (76, 136, 70), (150, 128, 86)])
            globe_draw.ellipse((x + dx - r, y + dy - r * 0.7, x + dx + r, y + dy + r * 0.7), fill=colour)
    clouds = _layer(globe)
    cloud_draw = ImageDraw.Draw(clouds)
    for _ in range(24):
        x, y = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
        cloud_draw.ellipse((x - 110, y - 10, x + 110, y + 10), fill=(255, 255, 255, 130))
    globe = _overlay(globe, clouds, blur=8)

    night = Image.linear_gradient("L").rotate(90).resize((radius * 2, radius * 2))
    night = night.point(lambda value: min(255, max(0, round((value - 60) * 1.5))))
    shade = Image.new("L", SIZE, 255)
    shade.paste(night, box[:2])
    globe = Image.composite(globe, Image.new("RGB", SIZE, (4, 8, 20)), shade)

    disc = Image.new("L", SIZE, 0)
    ImageDraw.Draw(disc).ellipse(box, fill=255)
    picture.paste(globe, (0, 0), disc.filter(ImageFilter.GaussianBlur(1)))
    return _jpeg(picture)
