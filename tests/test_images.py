"""Image uploads: what is accepted or refused, what is stored, and the renditions made."""

import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, ImageCms, ImageFile, PngImagePlugin
from PIL import Image as PILImage

from articles import images, rendering
from articles.models import Image

from .factories import ImageFactory, image_bytes, png_claiming, uploaded_image

# ---------------------------------------------------------------------------------------
# Building test files


def encode(picture, fmt, **save_kwargs):
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


def noisy_bytes(fmt, size=(200, 200)):
    """A picture that compresses badly, so half its bytes are half its pixels."""
    picture = PILImage.effect_noise(size, 60).convert("RGB")
    if fmt == "GIF":
        picture = picture.convert("P")
    return encode(picture, fmt)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(uploaded):
    with pytest.raises(ValidationError) as caught:
        images.validate_upload(uploaded)
    assert len(caught.value.messages) == 1
    return caught.value.messages[0]


def stored_bytes(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def open_stored(name):
    return PILImage.open(io.BytesIO(stored_bytes(name)))


GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.0N"'
    b' exif:GPSLongitude="0,7.5W"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo():
    """A 640 × 480 JPEG as a phone writes it: turned on its side (orientation 6), with GPS.

    The top-left corner is red, so the stored picture shows which way it was turned.
    """
    picture = PILImage.new("RGB", (640, 480), (20, 90, 200))
    picture.paste((230, 20, 20), (0, 0, 120, 120))
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "WalrusPhone"
    exif[ExifTags.Base.ImageDescription] = "home-address-marker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return encode(picture, "JPEG", exif=exif, xmp=GPS_XMP, comment=b"comment-marker")


# ---------------------------------------------------------------------------------------
# validate_upload: accepted


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_real_pictures_in_accepted_formats_pass_validation(fmt):
    uploaded = upload(f"picture.{fmt.lower()}", image_bytes(fmt))

    assert images.validate_upload(uploaded) is None
    assert uploaded.tell() == 0, "the upload is rewound for whoever reads it next"


def test_animated_gif_passes_validation():
    frames = [PILImage.new("RGB", (80, 60), color).convert("P") for color in ("red", "green", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    assert images.validate_upload(upload("animated.gif", data)) is None


def test_multi_picture_jpeg_from_a_camera_passes_validation():
    """Pillow calls these MPO; they are JPEGs with a second picture appended."""
    data = encode(
        PILImage.new("RGB", (64, 48), "red"), "MPO", save_all=True,
        append_images=[PILImage.new("RGB", (64, 48), "blue")],
    )
    assert PILImage.open(io.BytesIO(data)).format == "MPO"

    assert images.validate_upload(upload("camera.jpg", data)) is None


# ---------------------------------------------------------------------------------------
# validate_upload: refused


def test_decompression_bomb_is_refused_without_being_decoded(monkeypatch):
    data = png_claiming(20_000, 20_000)
    assert len(data) < 200_000

    def decode(self):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)

    message = refusal(upload("bomb.png", data, "image/png"))

    assert "too many pixels" in message
    assert "40 megapixels" in message


def test_picture_over_the_pixel_limit_but_under_pillows_is_refused_naming_its_size():
    message = refusal(upload("huge.png", png_claiming(8000, 6000), "image/png"))

    assert message == (
        "This picture is 8000 × 6000 pixels; the limit is 40 megapixels in all. Export a smaller copy."
    )


def test_picture_exactly_at_the_pixel_limit_is_accepted(settings):
    settings.IMAGE_MAX_PIXELS = 5000

    assert images.validate_upload(upload("at-limit.png", image_bytes("PNG", size=(100, 50)))) is None
    assert images.validate_upload(upload("at-limit.png", image_bytes("PNG", size=(5000, 1)))) is None


def test_picture_one_pixel_over_the_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 5000

    message = refusal(upload("over.png", image_bytes("PNG", size=(5001, 1))))

    assert message == "This picture is 5001 × 1 pixels; the limit is 5,000 pixels in all. Export a smaller copy."


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_truncated_picture_is_refused_as_damaged(fmt):
    data = noisy_bytes(fmt)

    message = refusal(upload(f"cut.{fmt.lower()}", data[: len(data) // 2]))

    assert message.startswith("This picture is damaged or incomplete (the file may be truncated).")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Dear editor,\nthis is not a picture.\n" * 20, id="text"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"'
            b' onload="alert(document.cookie)"><rect width="100" height="100"/></svg>',
            id="svg",
        ),
        pytest.param(
            b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
            id="html",
        ),
        pytest.param(b"", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, id="png-signature-only"),
    ],
)
def test_file_that_is_not_a_picture_is_refused_even_when_named_png(data):
    message = refusal(upload("innocent.png", data, "image/png"))

    assert message == "This file is not a picture we can read. Upload a JPEG, PNG, WebP or GIF."


def test_pdf_named_png_is_refused():
    data = encode(PILImage.new("RGB", (50, 50), "white"), "PDF")

    assert "not a picture we can read" in refusal(upload("scan.png", data))


@pytest.mark.parametrize("fmt", ["TIFF", "BMP", "ICO"])
def test_real_picture_in_another_format_is_refused_naming_the_format(fmt):
    data = encode(PILImage.new("RGB", (64, 48), "green"), fmt)

    message = refusal(upload("picture.png", data, "image/png"))

    assert message == f"{fmt} files are not accepted; upload a JPEG, PNG, WebP or GIF."


def test_file_over_the_byte_limit_is_refused_before_it_is_opened(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1_048_576
    data = image_bytes("JPEG", size=(64, 64)) + b"\x00" * 1_048_576

    with mock.patch.object(PILImage, "open") as opened:
        message = refusal(upload("big.jpg", data, "image/jpeg"))

    opened.assert_not_called()
    assert message == (
        "This file is 1.01 MB, over the limit of 1 MB. Export a smaller copy and upload that."
    )


def test_file_just_over_the_default_byte_limit_never_reads_as_equal_to_it(settings):
    uploaded = mock.Mock(size=settings.IMAGE_MAX_UPLOAD_BYTES + 1)

    message = refusal(uploaded)

    assert message.startswith("This file is 15.01 MB, over the limit of 15 MB.")


def test_file_exactly_at_the_byte_limit_is_accepted_and_one_byte_more_is_not(settings):
    data = image_bytes("PNG", size=(32, 32))

    settings.IMAGE_MAX_UPLOAD_BYTES = len(data)
    assert images.validate_upload(upload("exact.png", data)) is None

    settings.IMAGE_MAX_UPLOAD_BYTES = len(data) - 1
    assert "over the limit" in refusal(upload("exact.png", data))


def test_refused_upload_is_rewound():
    uploaded = upload("cut.jpg", noisy_bytes("JPEG")[:500])
    uploaded.read(10)

    refusal(uploaded)

    assert uploaded.tell() == 0


# ---------------------------------------------------------------------------------------
# Saving an Image: upright, and nothing but pixels


@pytest.mark.django_db
def test_rotated_phone_photo_is_stored_upright_with_width_and_height_swapped():
    image = ImageFactory(file=upload("phone.jpg", phone_photo(), "image/jpeg"))

    assert (image.width, image.height) == (480, 640)
    stored = open_stored(image.file.name)
    assert stored.size == (480, 640)
    # Orientation 6 means "turn 90° clockwise to view": the red corner ends up top right.
    red, green, blue = stored.convert("RGB").getpixel((470, 10))
    assert red > 200 and green < 60 and blue < 60
    assert stored.convert("RGB").getpixel((10, 10))[2] > 150


@pytest.mark.django_db
def test_stored_photo_has_no_exif_gps_xmp_or_comment():
    original = phone_photo()
    assert b"GPS" in original and b"home-address-marker" in original and b"comment-marker" in original

    image = ImageFactory(file=upload("phone.jpg", original, "image/jpeg"))

    data = stored_bytes(image.file.name)
    stored = PILImage.open(io.BytesIO(data))
    assert len(stored.getexif()) == 0
    assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not {"exif", "xmp", "comment"} & set(stored.info)
    for marker in (b"Exif", b"GPS", b"WalrusPhone", b"home-address-marker", b"comment-marker", b"xmpmeta"):
        assert marker not in data


@pytest.mark.django_db
def test_renditions_of_a_phone_photo_carry_no_metadata_either():
    image = ImageFactory(file=upload("phone.jpg", phone_photo(), "image/jpeg"))

    for rendition in image.renditions:
        data = stored_bytes(rendition["name"])
        assert len(PILImage.open(io.BytesIO(data)).getexif()) == 0
        assert b"GPS" not in data and b"Exif" not in data and b"home-address-marker" not in data


def png_with_text_and_exif():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "text-chunk-marker")
    info.add_itxt("Location", "itxt-chunk-marker")
    exif = PILImage.Exif()
    exif[ExifTags.Base.ImageDescription] = "exif-marker"
    return encode(PILImage.new("RGBA", (64, 48), (1, 2, 3, 128)), "PNG", pnginfo=info, exif=exif)


@pytest.mark.parametrize(
    ("name", "data", "markers"),
    [
        pytest.param("chunks.png", png_with_text_and_exif(), [b"text-chunk-marker", b"itxt-chunk-marker", b"exif-marker"], id="png"),
        pytest.param(
            "comment.gif",
            encode(PILImage.new("P", (64, 48)), "GIF", comment=b"gif-comment-marker"),
            [b"gif-comment-marker"],
            id="gif",
        ),
        pytest.param(
            "exif.webp",
            encode(
                PILImage.new("RGB", (64, 48), "blue"), "WEBP",
                exif=b"Exif\x00\x00" + PILImage.Exif().tobytes() + b"webp-exif-marker", xmp=GPS_XMP,
            ),
            [b"webp-exif-marker", b"GPSLatitude"],
            id="webp",
        ),
    ],
)
@pytest.mark.django_db
def test_metadata_in_other_formats_is_stripped(name, data, markers):
    assert all(marker in data for marker in markers)

    image = ImageFactory(file=upload(name, data))

    stored = stored_bytes(image.file.name)
    assert not [marker for marker in markers if marker in stored]


@pytest.mark.django_db
def test_colour_profile_is_kept_so_wide_gamut_photos_keep_their_colours():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(PILImage.new("RGB", (600, 400), (200, 40, 40)), "JPEG", icc_profile=profile)

    image = ImageFactory(file=upload("p3.jpg", data, "image/jpeg"))

    assert open_stored(image.file.name).info.get("icc_profile") == profile
    fallback = next(r for r in image.renditions if r["kind"] == "fallback")
    assert open_stored(fallback["name"]).info.get("icc_profile") == profile


@pytest.mark.django_db
def test_cmyk_jpeg_is_stored_as_rgb_without_its_cmyk_profile():
    cmyk_profile = b"\x00" * 16 + b"CMYK" + b"\x00" * 108  # only the colour-space field matters here
    data = encode(PILImage.new("CMYK", (300, 200), (0, 200, 200, 0)), "JPEG", icc_profile=cmyk_profile)

    image = ImageFactory(file=upload("print.jpg", data, "image/jpeg"))

    stored = open_stored(image.file.name)
    assert stored.mode == "RGB"
    assert "icc_profile" not in stored.info


@pytest.mark.django_db
def test_stored_file_extension_matches_its_format():
    image = ImageFactory(file=upload("mislabelled.jpg", image_bytes("PNG"), "image/jpeg"))

    assert image.file.name.endswith(".png")
    assert open_stored(image.file.name).format == "PNG"


@pytest.mark.django_db
def test_multi_picture_jpeg_is_stored_as_a_plain_jpeg_of_its_first_picture():
    data = encode(
        PILImage.new("RGB", (640, 480), (250, 0, 0)), "MPO", save_all=True,
        append_images=[PILImage.new("RGB", (640, 480), (0, 0, 250))],
    )

    image = ImageFactory(file=upload("camera.jpg", data, "image/jpeg"))

    stored = open_stored(image.file.name)
    assert stored.format == "JPEG"
    assert getattr(stored, "n_frames", 1) == 1
    assert stored.convert("RGB").getpixel((10, 10))[0] > 200
    assert (image.width, image.height) == (640, 480)


@pytest.mark.django_db
def test_animated_gif_is_stored_as_its_first_frame():
    frames = [PILImage.new("RGB", (80, 60), color).convert("P") for color in ("red", "green", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    image = ImageFactory(file=upload("animated.gif", data, "image/gif"))

    stored = open_stored(image.file.name)
    assert stored.format == "GIF"
    assert stored.n_frames == 1
    red, green, blue = stored.convert("RGB").getpixel((5, 5))
    assert red > 200 and green < 60


@pytest.mark.django_db
def test_transparent_png_keeps_its_transparency():
    picture = PILImage.new("RGBA", (500, 300), (0, 0, 0, 0))
    picture.paste((255, 0, 0, 255), (0, 0, 100, 100))

    image = ImageFactory(file=upload("logo.png", encode(picture, "PNG"), "image/png"))

    stored = open_stored(image.file.name).convert("RGBA")
    assert stored.getpixel((400, 200))[3] == 0
    assert stored.getpixel((10, 10)) == (255, 0, 0, 255)
    webp = next(r for r in image.renditions if r["kind"] == "webp")
    assert open_stored(webp["name"]).convert("RGBA").getpixel((webp["width"] - 5, webp["height"] - 5))[3] == 0


# ---------------------------------------------------------------------------------------
# Renditions


def kinds(renditions, kind):
    return [r for r in renditions if r["kind"] == kind]


@pytest.mark.site_renditions
@pytest.mark.django_db
def test_renditions_are_made_at_each_configured_width_below_the_original(settings):
    image = ImageFactory(file=uploaded_image("wide.jpg", size=(2000, 1000)))

    assert [r["width"] for r in kinds(image.renditions, "fallback")] == [480, 960, 1600]
    assert [r["width"] for r in kinds(image.renditions, "webp")] == [480, 960, 1600]
    assert [r["height"] for r in kinds(image.renditions, "fallback")] == [240, 480, 800]
    assert max(settings.IMAGE_RENDITION_WIDTHS) == 1600


@pytest.mark.site_renditions
@pytest.mark.django_db
def test_no_rendition_is_wider_than_the_original():
    image = ImageFactory(file=uploaded_image("photo.jpg", size=(640, 480)))

    widths = [r["width"] for r in kinds(image.renditions, "fallback")]
    assert widths == [480, 640]
    assert all(r["width"] <= 640 for r in image.renditions)


@pytest.mark.django_db
def test_small_original_gets_one_rendition_at_its_own_width_and_is_not_enlarged():
    image = ImageFactory(file=uploaded_image("small.jpg", size=(300, 200)))

    assert [(r["width"], r["height"]) for r in kinds(image.renditions, "fallback")] == [(300, 200)]
    assert [(r["width"], r["height"]) for r in kinds(image.renditions, "webp")] == [(300, 200)]
    assert kinds(image.renditions, "thumbnail")[0]["width"] == 240


@pytest.mark.django_db
def test_renditions_are_webp_and_a_fallback_in_the_original_family_plus_thumbnail_and_blur():
    image = ImageFactory(file=uploaded_image("wide.jpg", size=(2000, 1000)))

    formats = {r["name"]: open_stored(r["name"]).format for r in image.renditions}
    for rendition in image.renditions:
        assert default_storage.exists(rendition["name"])
        expected = {"fallback": "JPEG", "webp": "WEBP", "thumbnail": "WEBP", "blurred": "JPEG"}[rendition["kind"]]
        assert formats[rendition["name"]] == expected
        assert open_stored(rendition["name"]).size == (rendition["width"], rendition["height"])
    (thumbnail,) = kinds(image.renditions, "thumbnail")
    (blurred,) = kinds(image.renditions, "blurred")
    assert (thumbnail["width"], thumbnail["height"]) == (240, 120)
    assert (blurred["width"], blurred["height"]) == (64, 32)


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "WEBP"])
@pytest.mark.django_db
def test_renditions_of_non_jpeg_pictures_fall_back_to_png(fmt):
    image = ImageFactory(file=uploaded_image(f"art.{fmt.lower()}", fmt=fmt, size=(1000, 500)))

    for rendition in kinds(image.renditions, "fallback"):
        assert rendition["name"].endswith(".png")
        assert open_stored(rendition["name"]).format == "PNG"


@pytest.mark.django_db
def test_blurred_rendition_is_actually_blurred():
    picture = PILImage.new("RGB", (640, 480), "white")
    for x in range(0, 640, 20):
        picture.paste("black", (x, 0, x + 10, 480))

    image = ImageFactory(file=upload("stripes.png", encode(picture, "PNG"), "image/png"))

    (blurred,) = kinds(image.renditions, "blurred")
    extrema = open_stored(blurred["name"]).convert("L").getextrema()
    assert extrema[1] - extrema[0] < 80, "hard black-and-white stripes survive the blur"


@pytest.mark.site_renditions
@pytest.mark.django_db
def test_srcsets_list_each_rendition_url_with_its_width(settings):
    settings.MEDIA_URL = "/media/"
    image = ImageFactory(file=uploaded_image("wide.jpg", size=(2000, 1000)))

    fallback = image.srcset()
    webp = image.srcset("webp")

    assert [entry.rsplit(" ", 1)[1] for entry in fallback.split(", ")] == ["480w", "960w", "1600w"]
    assert [entry.rsplit(" ", 1)[1] for entry in webp.split(", ")] == ["480w", "960w", "1600w"]
    assert all(entry.startswith("/media/renditions/") and ".jpg " in entry for entry in fallback.split(", "))
    assert all(".webp " in entry for entry in webp.split(", "))
    assert image.fallback_url.endswith("-960w.jpg")
    assert image.thumbnail_url.endswith("-thumb.webp")
    assert image.blurred_url.endswith("-blurred.jpg")


@pytest.mark.django_db
def test_render_info_carries_what_the_body_renderer_needs():
    image = ImageFactory(file=uploaded_image("wide.jpg", size=(2000, 1000)), caption="On the ice", credit="A. Photographer")

    info = image.render_info()

    assert isinstance(info, rendering.ImageInfo)
    assert (info.id, info.width, info.height) == (image.pk, 2000, 1000)
    assert info.alt == "A walrus resting on sea ice"
    assert "480w" in info.srcset and "480w" in info.webp_srcset
    assert info.src == image.fallback_url and info.blurred_src == image.blurred_url
    assert (info.caption, info.credit, info.graphic_labels) == ("On the ice", "A. Photographer", ())


def test_srcset_helpers_are_empty_without_renditions():
    assert images.srcset([]) == ""
    assert images.srcset(None, "webp") == ""
    assert images.fallback_url([]) == ""
    assert images.thumbnail_url([]) == ""
    assert images.blurred_url([]) == ""


@pytest.mark.django_db
def test_renditions_are_made_once_on_upload_and_not_again_on_a_later_save():
    with (
        mock.patch.object(images, "make_renditions", wraps=images.make_renditions) as make_renditions,
        mock.patch.object(images, "normalise_upload", wraps=images.normalise_upload) as normalise_upload,
    ):
        image = ImageFactory(file=uploaded_image("photo.jpg", size=(1000, 800)))
        assert make_renditions.call_count == 1
        assert normalise_upload.call_count == 1
        first = list(image.renditions)
        file_name = image.file.name
        mtimes = {r["name"]: default_storage.get_modified_time(r["name"]) for r in first}

        image.alt_text = "A walrus, now better described"
        image.save()
        image.refresh_from_db()
        image.caption = "A caption"
        image.save()

    assert make_renditions.call_count == 1
    assert normalise_upload.call_count == 1
    assert image.renditions == first
    assert image.file.name == file_name
    assert {r["name"]: default_storage.get_modified_time(r["name"]) for r in first} == mtimes


@pytest.mark.site_renditions
@pytest.mark.django_db
def test_replacing_the_file_makes_new_renditions_and_dimensions():
    image = ImageFactory(file=uploaded_image("first.jpg", size=(1000, 800)))
    old_names = {r["name"] for r in image.renditions}

    image.file = uploaded_image("second.jpg", size=(2000, 500))
    image.save()
    image.refresh_from_db()

    assert (image.width, image.height) == (2000, 500)
    assert [r["width"] for r in kinds(image.renditions, "fallback")] == [480, 960, 1600]
    assert not old_names & {r["name"] for r in image.renditions}
    assert "second" in image.fallback_url


# ---------------------------------------------------------------------------------------
# The model's own rules: validation in clean(), files removed with the picture


@pytest.mark.django_db
def test_model_validation_refuses_a_bad_upload_whatever_the_form():
    image = Image(file=upload("note.png", b"just some text", "image/png"), alt_text="A note")

    with pytest.raises(ValidationError) as refused:
        image.full_clean()

    assert "not a picture we can read" in " ".join(refused.value.message_dict["file"])


@pytest.mark.django_db
def test_deleting_an_image_removes_its_original_and_renditions(django_capture_on_commit_callbacks):
    image = ImageFactory()
    names = image.file_names()
    assert len(names) > 3 and all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not any(default_storage.exists(name) for name in names)


@pytest.mark.django_db
def test_replacing_the_file_removes_the_old_files_and_keeps_the_new(django_capture_on_commit_callbacks):
    image = ImageFactory()
    old_names = image.file_names()
    image.file = uploaded_image("second.png", "PNG", size=(500, 300))
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(name) for name in image.file_names())
    assert image.width == 500
