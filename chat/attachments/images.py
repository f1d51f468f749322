"""Images recognised from their bytes (never the name or the client's header), decoded by
Pillow under its decompression-bomb guard, re-encoded without metadata, and thumbnailed.

CPU work: the caller runs `inspect` in an OS thread (chat/blocking.py)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
DOWNLOAD = "application/octet-stream"
MAX_PIXELS = 30_000_000  # per frame: 24 MP phone photos pass; ~100 MB of pixels at most
MAX_TOTAL_PIXELS = 200_000_000  # all frames of an animation
THUMBNAIL_PX = 320
# What a re-encoded image keeps besides its pixels: colours and timing, nothing descriptive.
KEPT_INFO = ("icc_profile", "transparency", "background", "duration", "loop", "disposal")

# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that: refuse from the first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.simplefilter("error", Image.DecompressionBombWarning)


class ImageRefused(Exception):
    """An image that may not be stored; `code` and the message say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Inspected:
    content_type: str
    content: io.BytesIO  # what to store: the upload itself, or the image re-encoded
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None  # WebP, at most THUMBNAIL_PX on its longer side


def _open(upload: io.BytesIO) -> Image.Image | None:
    """The image, its size checked before any decoding; None when it is no image we show."""
    upload.seek(0)
    try:
        image = Image.open(upload, formats=list(FORMATS))
    except UnidentifiedImageError:
        upload.seek(0)
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise _too_big() from err
    pixels = image.width * image.height
    # Checked here too: where the warning filter is not ours (a test runner's).
    if pixels > MAX_PIXELS or pixels * getattr(image, "n_frames", 1) > MAX_TOTAL_PIXELS:
        image.close()
        raise _too_big()
    return image


def inspect(upload: io.BytesIO) -> Inspected:
    """An image of an allowed format, re-encoded, or else the bytes as a download."""
    image = _open(upload)
    if image is None:
        return Inspected(DOWNLOAD, upload)
    with image:
        frames = getattr(image, "n_frames", 1)
        fmt = image.format or ""
        try:
            image.load()
            if frames == 1:
                ImageOps.exif_transpose(image, in_place=True)  # orientation applied, not kept
            thumbnail = _thumbnail(image)
            content = _reencode(image, fmt, frames, upload)
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            raise ImageRefused("invalid_image", "This image is damaged or incomplete") from err
        return Inspected(FORMATS[fmt], content, image.width, image.height, thumbnail)


def _too_big() -> ImageRefused:
    return ImageRefused("image_too_large", f"Images may have at most {MAX_PIXELS:,} pixels")


def _reencode(image: Image.Image, fmt: str, frames: int, upload: io.BytesIO) -> io.BytesIO:
    """Pixels only (and the colour profile): EXIF with GPS, comments, XMP are left behind;
    bytes after the image (a polyglot's HTML) too."""
    out = io.BytesIO()
    kept = {k: v for k, v in image.info.items() if k in KEPT_INFO}
    image.info.clear()  # savers copy some of it (a JPEG's comment) unless told otherwise
    image.info.update(kept)
    options: dict[str, object] = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
    if "icc_profile" in kept:
        options["icc_profile"] = kept["icc_profile"]
    if frames > 1:  # animations keep their timing; frames are read from the upload lazily
        image.save(out, format=fmt, save_all=True, **options)
    else:
        upload.seek(0)
        upload.truncate()  # decoded: the upload's bytes need not stay in memory beside the copy
        image.save(out, format=fmt, **options)
    out.seek(0)
    return out


def _thumbnail(image: Image.Image) -> bytes:
    """The first frame, reduced (never copied at full size unless its mode needs converting)."""
    source = image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
    scale = min(1.0, THUMBNAIL_PX / max(source.width, source.height))
    size = (max(1, round(source.width * scale)), max(1, round(source.height * scale)))
    small = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=80)
    return out.getvalue()


def square(upload: io.BytesIO, size: int) -> bytes:
    """A picture: the image's middle square (the first frame), size x size, as WebP with no
    metadata. ImageRefused when it is no image."""
    image = _open(upload)
    if image is None:
        raise ImageRefused("not_an_image", "Choose a PNG, JPEG, WebP or GIF image")
    with image:
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
            mode = "RGBA" if "A" in upright.getbands() or "transparency" in image.info else "RGB"
            cropped = ImageOps.fit(upright.convert(mode), (size, size), Image.Resampling.LANCZOS)
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            raise ImageRefused("invalid_image", "This image is damaged or incomplete") from err
    out = io.BytesIO()
    cropped.save(out, format="WEBP", quality=85)
    return out.getvalue()
