"""Image uploads: validation, metadata stripping and renditions (Pillow).

An upload is checked before it is decoded in full (format, byte size, pixel count), so a
decompression bomb is refused without being expanded. On save the picture is turned
upright (EXIF orientation) and re-encoded without metadata (GPS above all), and its
renditions are made once: a few widths in the original format and in WebP, a thumbnail,
and a heavily blurred copy to stand in for graphic pictures until a reader asks.
"""

import io
import posixpath
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageFilter, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
THUMBNAIL_WIDTH = 240
BLUR_WIDTH = 64


def validate_upload(uploaded):
    """Raise ValidationError unless ``uploaded`` is a sound JPEG, PNG, WebP or GIF within limits."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {size / 1_048_576:.1f} MB; the limit is "
            f"{settings.IMAGE_MAX_UPLOAD_BYTES / 1_048_576:.0f} MB."
        )
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(uploaded) as picture:
                fmt = picture.format
                width, height = picture.size
                if fmt not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"{fmt or 'This'} files are not accepted; upload a JPEG, PNG, WebP or GIF."
                    )
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"This picture is {width} × {height} pixels; the limit is "
                        f"{settings.IMAGE_MAX_PIXELS / 1_000_000:.0f} megapixels."
                    )
                picture.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError("This picture is far too large to process (too many pixels).") from None
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


def _encode(picture, fmt):
    buffer = io.BytesIO()
    _for_format(picture, fmt).save(buffer, format=fmt, **_save_options(fmt))
    return buffer.getvalue()


def normalise_upload(field_file):
    """Apply EXIF orientation and re-encode without metadata, in place of the upload.

    Animated GIFs keep only their first frame: the site shows stills.
    """
    field_file.open("rb")
    field_file.seek(0)
    with PILImage.open(field_file) as picture:
        fmt = picture.format
        picture.seek(0)
        upright = ImageOps.exif_transpose(picture)
        upright.info.pop("exif", None)
        size = upright.size
        data = _encode(upright, fmt)
    name = field_file.name
    # Replace the pending upload's content; the storage writes it on model save.
    field_file.file = ContentFile(data, name=posixpath.basename(name))
    field_file._committed = False
    return size


def _rendition_name(original_name, suffix, ext):
    stem = posixpath.splitext(posixpath.basename(original_name))[0]
    directory = posixpath.join("renditions", posixpath.dirname(original_name))
    return posixpath.join(directory, f"{stem}-{suffix}.{ext}")


def _store(name, data):
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def _resized(picture, width):
    if picture.width <= width:
        return picture.copy()
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), PILImage.Resampling.LANCZOS)


def make_renditions(field_file):
    """Write the renditions of a stored image; return their descriptions (for a JSONField)."""
    field_file.open("rb")
    field_file.seek(0)
    with PILImage.open(field_file) as source:
        source.seek(0)
        fmt = source.format
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
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in _of_kind(renditions, kind))


def fallback_url(renditions):
    fallbacks = _of_kind(renditions, "fallback")
    if not fallbacks:
        return ""
    middle = fallbacks[min(1, len(fallbacks) - 1)]
    return default_storage.url(middle["name"])


def thumbnail_url(renditions):
    thumbs = _of_kind(renditions, "thumbnail")
    return default_storage.url(thumbs[0]["name"]) if thumbs else ""


def blurred_url(renditions):
    blurred = _of_kind(renditions, "blurred")
    return default_storage.url(blurred[0]["name"]) if blurred else ""
