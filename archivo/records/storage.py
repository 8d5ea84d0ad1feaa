"""Content-addressed file store (sha256) and text extraction for attached documents."""

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

# Allowed types by extension, with the leading bytes each must start with, so a file
# renamed to .pdf is rejected instead of trusted.
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
}
MAX_TEXT = 2_000_000  # characters of extracted text kept for search
# Inflated size of the XML member read from a .docx/.odt: a small zip can inflate to
# gigabytes, so bigger members are not read (the document is kept, just not searchable).
MAX_XML_MEMBER = 50 * 1024 * 1024


class StorageError(ValueError):
    """The file is not acceptable (type, size, content)."""


def sniff_type(filename: str, head: bytes) -> str:
    """The MIME type for an allowed file, checked against its leading bytes."""
    ext = Path(filename).suffix.lower()
    if ext not in ALLOWED:
        raise StorageError("Tipo de archivo no permitido; se aceptan: "
                           + ", ".join(sorted({e.lstrip('.').upper() for e in ALLOWED})) + ".")
    mime, magics = ALLOWED[ext]
    if magics and not any(head.startswith(m) for m in magics):
        raise StorageError("El contenido del archivo no corresponde a su extensión.")
    if ext == ".txt" and b"\x00" in head:
        raise StorageError("El archivo de texto contiene datos binarios.")
    return mime


class FileStore:
    """Files under `root/ab/cdef…` named by their sha256; identical files are stored once."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_for(self, digest: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise StorageError("Huella no válida.")
        return self.root / digest[:2] / digest[2:]

    def save(self, stream, max_bytes: int) -> tuple[str, int, Path]:
        """Copy `stream` in, checking the size as it streams; returns (sha256, size, path)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(1 << 16):
                    size += len(chunk)
                    if size > max_bytes:
                        raise StorageError("El archivo excede el tamaño máximo permitido.")
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise StorageError("El archivo está vacío.")
            target = self.path_for(digest.hexdigest())
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                os.unlink(tmp)
            else:
                os.replace(tmp, target)
            return digest.hexdigest(), size, target
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def open(self, digest: str):
        """A binary file object for the stored content."""
        return self.path_for(digest).open("rb")

    def exists(self, digest: str) -> bool:
        return self.path_for(digest).exists()

    def destroy(self, digest: str) -> bool:
        """Remove the content (only a baja documental calls this)."""
        path = self.path_for(digest)
        if path.exists():
            path.unlink()
            return True
        return False


def _xml_text(data: bytes) -> str:
    root = ElementTree.fromstring(data)  # noqa: S314 - zip members from our own store
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def _read_member(z: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes | None:
    """A zip member's bytes, inflating at most `limit` + 1; None when it is bigger."""
    limit = MAX_XML_MEMBER if limit is None else limit
    if z.getinfo(name).file_size > limit:  # the declared size: cheap, but may lie
        return None
    with z.open(name) as member:
        data = member.read(limit + 1)  # inflates only what it returns
    return data if len(data) <= limit else None


def extract_text(path: Path, mime: str) -> str | None:
    """Searchable text of a document (None for images or unreadable files)."""
    try:
        if mime == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(str(path))
            text = "\n".join((page.extract_text() or "") for page in reader.pages[:500])
        elif mime.endswith("wordprocessingml.document"):
            with zipfile.ZipFile(path) as z:
                data = _read_member(z, "word/document.xml")
            if data is None:
                return None
            text = _xml_text(data)
        elif mime == "application/vnd.oasis.opendocument.text":
            with zipfile.ZipFile(path) as z:
                data = _read_member(z, "content.xml")
            if data is None:
                return None
            text = _xml_text(data)
        elif mime == "text/plain":
            raw = path.read_bytes()[: MAX_TEXT * 2]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
        else:
            return None
    except Exception:  # noqa: BLE001 - a damaged file is stored, just not searchable
        return None
    return text[:MAX_TEXT] if text else None


def read_head(stream, n: int = 16) -> tuple[bytes, io.BufferedReader]:
    """Peek at the first bytes of an upload without losing them."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    return buffered.peek(n)[:n], buffered
