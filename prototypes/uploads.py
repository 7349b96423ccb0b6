"""Checking and preparing evidence files before they are stored.

A file is judged by its content, never by its name or the type the browser claims:
the content decides what it is, and the name's extension must agree with it. Photos
are decoded and encoded again as JPEG, which drops their location and camera data
(EXIF, XMP) and turns HEIC into something every browser shows. Documents are kept as
they came.
"""

import dataclasses
import io
import os
import zipfile

import filetype
import pillow_heif
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

pillow_heif.register_heif_opener()

# Photos larger than this on their longest side are scaled down: enough for any screen
# or print of a poster, and it keeps the private storage small.
PHOTO_MAX_SIDE = 2560
PHOTO_QUALITY = 85
PHOTO_CONTENT_TYPE = "image/jpeg"

# Content type as detected -> the name extensions that may carry it.
PHOTO_TYPES = {
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/webp": {"webp"},
    "image/heic": {"heic", "heif"},
    "image/heif": {"heic", "heif"},
}
DOCUMENT_TYPES = {
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
}
# Legacy Office files (doc, xls, ppt) are left out: they share one container format,
# and telling them apart (or from any other such container) takes guessing.
ALLOWED_EXTENSIONS = sorted(set().union(*PHOTO_TYPES.values(), *DOCUMENT_TYPES.values()))

# The part that tells an Office Open XML package's kind.
OOXML_MAIN_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
HEAD_BYTES = 8192


@dataclasses.dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, ready to be stored."""

    kind: str  # "photo" or "document", the values of Evidence.Kind
    content: File
    name: str
    content_type: str

    @property
    def size(self) -> int:
        return self.content.size


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def display_name(upload) -> str:
    """The file's own name without any folders a browser might send along."""
    return os.path.basename((upload.name or "").replace("\\", "/")) or str(_("the file"))


def detect_content_type(upload) -> str | None:
    """What the content is, from its bytes: one of PHOTO_TYPES or DOCUMENT_TYPES, or
    None for anything else. Reads the start of the file, and for zip packages their
    table of contents (never the packed files, so a zip bomb costs nothing)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(upload)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime in PHOTO_TYPES or guess.mime in DOCUMENT_TYPES:
        return guess.mime
    return None


def _zip_document_type(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                # OpenDocument: the first entry, stored uncompressed, names the kind.
                info = package.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                mimetype = package.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in DOCUMENT_TYPES else None
            if "[Content_Types].xml" in names:
                for part, content_type in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return content_type
            return None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)


def check_upload(upload, max_size: int) -> CheckedFile:
    """The upload, checked and prepared for storage; or a ValidationError that says,
    naming the file, why it was refused. Photos are decoded and encoded again, which
    takes a moment and some memory (bounded by Pillow's MAX_IMAGE_PIXELS)."""
    name = display_name(upload)
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    if upload.size > max_size:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(max)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_size),
            },
        )
    extension = extension_of(name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "“%(name)s” is not a file type we accept. Upload a photo (JPEG, PNG, WebP "
                "or HEIC) or a document (PDF, Word, Excel, PowerPoint or OpenDocument)."
            ),
            code="type_not_allowed",
            params={"name": name},
        )
    content_type = detect_content_type(upload)
    allowed = PHOTO_TYPES.get(content_type) or DOCUMENT_TYPES.get(content_type) or set()
    if extension not in allowed:
        raise ValidationError(
            _(
                "The content of “%(name)s” does not match its name: it is not a .%(ext)s "
                "file. Check that you chose the right file."
            ),
            code="content_mismatch",
            params={"name": name, "ext": extension},
        )
    if content_type in PHOTO_TYPES:
        return _reencode_photo(upload, name)
    upload.seek(0)
    return CheckedFile(
        kind="document",
        # Stored as it came, streamed from the upload (in memory or a temporary file).
        content=upload,
        name=name,
        content_type=content_type,
    )


def _reencode_photo(upload, name: str) -> CheckedFile:
    """Decode the photo and encode it again as JPEG: turned upright as the camera
    meant, scaled to PHOTO_MAX_SIDE, without EXIF or XMP (location, camera, owner)."""
    unreadable = ValidationError(
        _("“%(name)s” looks like a photo but cannot be read. It may be damaged."),
        code="unreadable",
        params={"name": name},
    )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            # Image.open reads only the header; refuse oversized images before decoding.
            limit = Image.MAX_IMAGE_PIXELS
            if limit and image.width * image.height > limit:
                raise Image.DecompressionBombError
            photo = ImageOps.exif_transpose(image)
            photo.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            icc_profile = image.info.get("icc_profile")
            photo = _flatten(photo)
            # Nothing of the original's metadata travels along.
            photo.info = {}
    except Image.DecompressionBombError:
        raise ValidationError(
            _("“%(name)s” has too many pixels to be a photo we can take."),
            code="too_many_pixels",
            params={"name": name},
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise unreadable from None
    output = io.BytesIO()
    # Only what is passed here is written: no exif= and no xmp=, so none of either.
    options = {"quality": PHOTO_QUALITY, "optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    photo.save(output, format="JPEG", **options)
    stem = os.path.splitext(name)[0] or "photo"
    return CheckedFile(
        kind="photo",
        content=ContentFile(output.getvalue()),
        name=f"{stem}.jpg",
        content_type=PHOTO_CONTENT_TYPE,
    )


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB image for JPEG: transparency becomes white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


class EvidenceForm(forms.Form):
    """Upload one file with a caption to a draft iteration. `max_size` in bytes is the
    programme's maximum. Its fields carry the prefix "evidence", so the form can sit
    inside a page's larger form without its names clashing."""

    file = forms.FileField(
        label=_("File"),
        # check_upload refuses empty files itself, naming them.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}
        ),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=255,
        required=False,
        help_text=_("What it shows. Also read out to people who cannot see the photo."),
    )

    def __init__(self, *args, max_size: int, **kwargs):
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
        self.max_size = max_size
        self.fields["file"].help_text = _(
            "A photo (JPEG, PNG, WebP, HEIC) or a document (PDF, Office, OpenDocument), "
            "at most %(max)s."
        ) % {"max": filesizeformat(max_size)}

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], self.max_size)
