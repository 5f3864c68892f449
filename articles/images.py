"""Image uploads: validation, metadata stripping and renditions (Pillow).

An upload is checked before it is decoded in full (format, byte size, pixel count), so a
decompression bomb is refused without being expanded. On save the picture is turned
upright (EXIF orientation) and re-encoded without metadata (GPS above all), and its
renditions are made once: a few widths in the original format and in WebP, a thumbnail,
and a heavily blurred copy to stand in for graphic pictures until a reader asks.
"""

import io
import math
import posixpath
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageFilter, ImageOps, UnidentifiedImageError

from .storage import RENDITIONS_DIR, rendition_storage, storage_for

# Accepted Pillow formats and the file extension each is stored under.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Cameras and phones write multi-picture JPEGs that Pillow names MPO; the first picture is
# an ordinary JPEG, and that is what is kept.
FORMAT_ALIASES = {"MPO": "JPEG"}
# Everything else in Pillow's ``info`` (EXIF, XMP, comments, text chunks) is dropped.
KEPT_INFO = ("transparency", "background", "icc_profile")
THUMBNAIL_WIDTH = 240
BLUR_WIDTH = 64


def validate_upload(uploaded):
    """Raise ValidationError unless ``uploaded`` is a sound JPEG, PNG, WebP or GIF within limits."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {_file_size(size, settings.IMAGE_MAX_UPLOAD_BYTES)}, over the limit of "
            f"{_file_size(settings.IMAGE_MAX_UPLOAD_BYTES)}. Export a smaller copy and upload that."
        )
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(uploaded) as picture:
                fmt = _format_of(picture)
                width, height = picture.size
                if fmt not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"{fmt or 'This'} files are not accepted; upload a JPEG, PNG, WebP or GIF."
                    )
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"This picture is {width} × {height} pixels; the limit is "
                        f"{_megapixels(settings.IMAGE_MAX_PIXELS)} in all. Export a smaller copy."
                    )
                picture.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            "This picture has far too many pixels to process safely; the limit is "
            f"{_megapixels(settings.IMAGE_MAX_PIXELS)} in all."
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not a picture we can read. Upload a JPEG, PNG, WebP or GIF."
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            "This picture is damaged or incomplete (the file may be truncated). "
            "Export it again and upload the new file."
        ) from None
    finally:
        uploaded.seek(0)


def _format_of(picture):
    return FORMAT_ALIASES.get(picture.format, picture.format)


def _file_size(size, over=None):
    """A byte count for an editor, in the unit of the limit; rounded up when it exceeds one.

    Rounding a size up and the limit down means a file just over never reads as equal to it.
    """
    scale_of = over if over is not None else size
    unit, scale = next(
        ((unit, scale) for unit, scale in (("MB", 1_048_576), ("KB", 1024)) if scale_of >= scale),
        ("bytes", 1),
    )
    rounding = math.ceil if over is not None else math.floor
    value = rounding(size * 100 / scale) / 100
    return f"{value:g} {unit}"


def _megapixels(pixels):
    if pixels >= 1_000_000:
        return f"{pixels / 1_000_000:g} megapixels"
    return f"{pixels:,} pixels"


def _save_options(fmt):
    if fmt == "JPEG":
        return {"quality": 85, "optimize": True, "progressive": True}
    if fmt == "WEBP":
        return {"quality": 80, "method": 4}
    if fmt == "PNG":
        return {"optimize": True}
    return {}


def _for_format(picture, fmt):
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        return picture.convert("RGB")
    if fmt in ("WEBP", "PNG") and picture.mode not in ("RGB", "RGBA", "L", "LA"):
        return picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info else "RGB")
    return picture


_ICC_SPACES = {b"RGB ": ("RGB", "RGBA"), b"GRAY": ("L", "LA")}


def _icc_profile(picture):
    """The picture's colour profile, when it still describes the picture's mode.

    Kept so wide-gamut photos (Display P3 from phones) keep their colours; dropped once a
    conversion (CMYK to RGB) has made it wrong.
    """
    profile = picture.info.get("icc_profile")
    if profile and picture.mode in _ICC_SPACES.get(profile[16:20], ()):
        return profile
    return None


def _encode(picture, fmt):
    buffer = io.BytesIO()
    picture = _for_format(picture, fmt)
    options = _save_options(fmt)
    if fmt != "GIF" and (profile := _icc_profile(picture)):
        options["icc_profile"] = profile
    picture.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def normalise_upload(field_file):
    """Apply EXIF orientation and re-encode without metadata, in place of the upload.

    The file's extension is made to match what it holds. Animated GIFs keep only their
    first frame: the site shows stills.
    """
    field_file.open("rb")
    field_file.seek(0)
    with PILImage.open(field_file) as picture:
        fmt = _format_of(picture)
        picture.seek(0)
        upright = ImageOps.exif_transpose(picture)
        upright.info = {key: value for key, value in upright.info.items() if key in KEPT_INFO}
        size = upright.size
        data = _encode(upright, fmt)
    stem = posixpath.splitext(field_file.name)[0]
    name = f"{stem}.{ALLOWED_FORMATS[fmt]}"
    # Replace the pending upload's content; the storage writes it on model save.
    field_file.name = name
    field_file.file = ContentFile(data, name=posixpath.basename(name))
    field_file._committed = False
    return size


def _rendition_name(original_name, suffix, ext):
    stem = posixpath.splitext(posixpath.basename(original_name))[0]
    directory = posixpath.join(RENDITIONS_DIR, posixpath.dirname(original_name))
    return posixpath.join(directory, f"{stem}-{suffix}.{ext}")


def _store(name, data):
    storage = rendition_storage()
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(data))


def _resized(picture, width):
    if picture.width <= width:
        return picture.copy()
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), PILImage.Resampling.LANCZOS)


def make_renditions(field_file):
    """Write the renditions of a stored image; return their descriptions (for a JSONField).

    Slow for a large picture: run by a task (articles/tasks.py), not in the request.
    """
    field_file.open("rb")
    field_file.seek(0)
    with PILImage.open(field_file) as source:
        source.seek(0)
        fmt = _format_of(source)
        picture = source.convert("RGBA") if source.mode in ("P", "LA", "PA") else source.copy()
    fallback_fmt = "JPEG" if fmt == "JPEG" else "PNG"
    renditions = []
    widths = sorted({w for w in settings.IMAGE_RENDITION_WIDTHS if w < picture.width} | {min(picture.width, max(settings.IMAGE_RENDITION_WIDTHS))})
    for width in widths:
        resized = _resized(picture, width)
        for out_fmt, kind in ((fallback_fmt, "fallback"), ("WEBP", "webp")):
            ext = "jpg" if out_fmt == "JPEG" else out_fmt.lower()
            name = _store(_rendition_name(field_file.name, f"{width}w", ext), _encode(resized, out_fmt))
            renditions.append({"kind": kind, "width": resized.width, "height": resized.height, "name": name})
    thumb = _resized(picture, THUMBNAIL_WIDTH)
    renditions.append({
        "kind": "thumbnail", "width": thumb.width, "height": thumb.height,
        "name": _store(_rendition_name(field_file.name, "thumb", "webp"), _encode(thumb, "WEBP")),
    })
    small = _resized(picture, BLUR_WIDTH).convert("RGB")
    blurred = small.filter(ImageFilter.GaussianBlur(radius=6))
    renditions.append({
        "kind": "blurred", "width": blurred.width, "height": blurred.height,
        "name": _store(_rendition_name(field_file.name, "blurred", "jpg"), _encode(blurred, "JPEG")),
    })
    return renditions


def _of_kind(renditions, kind):
    return [r for r in renditions or [] if r.get("kind") == kind]


def srcset(renditions, fmt=None):
    kind = "webp" if fmt == "webp" else "fallback"
    return ", ".join(f"{rendition_storage().url(r['name'])} {r['width']}w" for r in _of_kind(renditions, kind))


def fallback_url(renditions):
    fallbacks = _of_kind(renditions, "fallback")
    if not fallbacks:
        return ""
    middle = fallbacks[min(1, len(fallbacks) - 1)]
    return rendition_storage().url(middle["name"])


def largest(renditions):
    """The widest rendition in the original's format, as ``(url, width, height)``; None
    when there is none yet."""
    fallbacks = _of_kind(renditions, "fallback")
    if not fallbacks:
        return None
    widest = max(fallbacks, key=lambda rendition: rendition["width"])
    return rendition_storage().url(widest["name"]), widest["width"], widest["height"]


def thumbnail_url(renditions):
    thumbs = _of_kind(renditions, "thumbnail")
    return rendition_storage().url(thumbs[0]["name"]) if thumbs else ""


def blurred_url(renditions):
    blurred = _of_kind(renditions, "blurred")
    return rendition_storage().url(blurred[0]["name"]) if blurred else ""


def delete_files(names):
    """Remove stored files (an image's original and renditions); missing ones are fine."""
    for name in names:
        if name and storage_for(name).exists(name):
            storage_for(name).delete(name)
