"""Attachments to a complaint: photos (JPEG, PNG) and PDF documents, recognised by their content, not their name.

They are stored in PostgreSQL (``complaint_attachment.content``, bytea) in the complaint's own transaction, so a
complaint and its files commit together, are backed up together and need no shared disk between servers.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from complaints.errors import Problem

MAX_FILES = 3
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 5 * 1024 * 1024
MAX_NAME_LENGTH = 200
# content type -> the first bytes every such file starts with
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF-",),
}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def detect_type(content: bytes) -> str | None:
    """The content type by the file's first bytes, or None if it is none of the accepted kinds."""
    for content_type, signatures in SIGNATURES.items():
        if any(content.startswith(signature) for signature in signatures):
            return content_type
    return None


def safe_filename(name: str, content_type: str) -> str:
    """The file's own name without any folder part or control characters, with the extension its content has."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[: MAX_NAME_LENGTH - 5] or "attachment"
    return stem + EXTENSIONS[content_type]


def check_attachments(files: list[tuple[str, bytes]]) -> tuple[list[CheckedFile], list[Problem]]:
    """Check (name, content) pairs against count, size and type limits; empty file fields are skipped."""
    problems: list[Problem] = []
    present = [(name, content) for name, content in files if name or content]
    if len(present) > MAX_FILES:
        problems.append(
            Problem(
                "attachments",
                f"Attachments: at most {MAX_FILES} files may be attached; you chose {len(present)}",
                f"संलग्नक: अधिकतम {MAX_FILES} फ़ाइलें लगाई जा सकती हैं; आपने {len(present)} चुनीं",
            )
        )
        return [], problems
    checked: list[CheckedFile] = []
    for name, content in present:
        shown = name[:80] or "?"
        if not content:
            problems.append(
                Problem("attachments", f"Attachment {shown}: the file is empty", f"संलग्नक {shown}: फ़ाइल खाली है")
            )
            continue
        if len(content) > MAX_FILE_BYTES:
            problems.append(
                Problem(
                    "attachments",
                    f"Attachment {shown}: is {len(content) / 1048576:.1f} MB; each file may be at most "
                    f"{MAX_FILE_BYTES // 1048576} MB (send a smaller photo or scan)",
                    f"संलग्नक {shown}: {len(content) / 1048576:.1f} MB की है; हर फ़ाइल अधिकतम "
                    f"{MAX_FILE_BYTES // 1048576} MB की हो सकती है (छोटी फ़ोटो या स्कैन भेजें)",
                )
            )
            continue
        content_type = detect_type(content)
        if content_type is None:
            problems.append(
                Problem(
                    "attachments",
                    f"Attachment {shown}: is not a JPEG or PNG photo or a PDF document (judged by its content, "
                    "not its name)",
                    f"संलग्नक {shown}: JPEG या PNG फ़ोटो या PDF दस्तावेज़ नहीं है (फ़ाइल की सामग्री से जाँचा गया)",
                )
            )
            continue
        checked.append(CheckedFile(safe_filename(name, content_type), content_type, content))
    total = sum(len(item.content) for item in checked)
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Problem(
                "attachments",
                f"Attachments: together they are {total / 1048576:.1f} MB; at most {MAX_TOTAL_BYTES // 1048576} MB",
                f"संलग्नक: कुल {total / 1048576:.1f} MB हैं; अधिकतम {MAX_TOTAL_BYTES // 1048576} MB",
            )
        )
    return checked, problems
