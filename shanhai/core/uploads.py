"""Files users attach (agreement texts, evidence for a ten-haves tick, work-log attachments).

They live on disk under ``SHANHAI_UPLOAD_DIR`` (default var/uploads) and are not public media: they
have no URL of their own, and only the scoped download views of the app that holds them serve them.
"""

import mimetypes
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# What offices scan or write agreements, minutes and evidence in: PDF and OFD, Word/WPS, images, spreadsheets.
DOCUMENT_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "wps", "jpg", "jpeg", "png", "xls", "xlsx", "zip"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@deconstructible
class UploadStorage(FileSystemStorage):
    """Files on disk under ``SHANHAI_UPLOAD_DIR``, read when used (so tests may point it elsewhere)."""

    @property
    def base_location(self):
        return str(getattr(settings, "SHANHAI_UPLOAD_DIR", None) or settings.VAR_DIR / "uploads")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


UPLOADS = UploadStorage()


def validate_upload_size(upload) -> None:
    if upload and getattr(upload, "size", 0) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("文件不能大于 %(mb)s MB。") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})


ATTACHMENT_VALIDATORS = [FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size]


def attachment_response(field_file) -> FileResponse:
    """A stored file as a download (the caller has checked the reader's scope); 404 when there is none."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = os.path.basename(field_file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
