"""The site's icons: the SVG favicon and the PNGs browsers and phones ask for, drawn with
Pillow from the same shapes. The files are committed; run ``python -m ourplanet.icons``
after changing the drawing."""

from pathlib import Path

from PIL import Image, ImageDraw

FOLDER = Path(__file__).resolve().parent.parent / "static" / "site"
GREEN, SEA, ICE, PAPER = "#0b5d3b", "#1b6f86", "#cfe9dc", "#f3f5f2"
PNG_SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}

# A planet on the publication's paper: a green disc between an ice cap and a sea.
SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="{PAPER}"/>
<circle cx="32" cy="32" r="24" fill="{GREEN}"/>
<path d="M14 20a24 24 0 0 1 36 0z" fill="{ICE}"/>
<path d="M54.55 40.2A24 24 0 0 1 9.45 40.2z" fill="{SEA}"/>
</svg>
"""


def draw(size):
    """The icon at ``size`` pixels, drawn four times larger and scaled down for smooth edges."""
    scale = size * 4 / 64
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)

    def box(*values):
        return [round(value * scale) for value in values]

    pen.rounded_rectangle(box(0, 0, 64, 64), radius=round(14 * scale), fill=PAPER)
    pen.ellipse(box(8, 8, 56, 56), fill=GREEN)
    pen.chord(box(8, 8, 56, 56), start=212, end=328, fill=ICE)
    pen.chord(box(8, 8, 56, 56), start=20, end=160, fill=SEA)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main():
    (FOLDER / "favicon.svg").write_text(SVG)
    for name, size in PNG_SIZES.items():
        draw(size).save(FOLDER / name, optimize=True)


if __name__ == "__main__":
    main()
