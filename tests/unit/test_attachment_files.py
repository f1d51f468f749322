"""File names made safe, and images re-encoded keeping what shows (frames, transparency)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from chat.attachments.images import inspect
from chat.attachments.names import sanitise_name


def test_names_keep_their_last_component_and_extension() -> None:
    assert sanitise_name("C:\\Users\\ann\\secret.txt") == "secret.txt"
    assert sanitise_name("a/b/../../c.tar.gz") == "c.tar.gz"
    assert sanitise_name("  .hidden  ") == "hidden"
    assert sanitise_name("\u202etxt.exe") == "txt.exe"
    assert sanitise_name(None) == sanitise_name("") == sanitise_name("/") == "file"
    long = sanitise_name("日本" * 100 + ".jpeg")
    assert long.endswith(".jpeg") and len(long.encode()) <= 255
    assert long.encode().decode() == long  # never half a character


def _saved(frames: list[Image.Image], fmt: str, **options) -> io.BytesIO:
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=len(frames) > 1, append_images=frames[1:], **options)
    out.seek(0)
    return out


def test_an_animation_keeps_its_frames_and_timing() -> None:
    frames = [Image.new("RGB", (40, 30), color) for color in ("red", "green", "blue")]
    result = inspect(_saved(frames, "GIF", duration=120, loop=0, comment=b"secret note"))
    stored = Image.open(result.content)
    assert result.content_type == "image/gif" and stored.n_frames == 3
    assert stored.info["duration"] == 120
    assert b"secret note" not in result.content.getvalue()
    assert result.thumbnail and Image.open(io.BytesIO(result.thumbnail)).format == "WEBP"


def test_transparency_survives_and_small_images_are_not_enlarged() -> None:
    image = Image.new("RGBA", (50, 20), (0, 0, 0, 0))
    result = inspect(_saved([image], "PNG"))
    stored = Image.open(result.content)
    assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0
    assert Image.open(io.BytesIO(result.thumbnail or b"")).size == (50, 20)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_and_xmp_are_gone_the_colour_profile_stays(fmt: str) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Industries"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0)}
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SpyCam location</x:xmpmeta>'
    source = _saved(
        [Image.new("RGB", (30, 20), "teal")], fmt, exif=exif, icc_profile=profile, xmp=xmp
    )
    assert b"SpyCam" in source.getvalue()
    result = inspect(source)
    assert b"SpyCam" not in result.content.getvalue()
    assert Image.open(result.content).info.get("icc_profile") == profile
