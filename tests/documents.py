"""Small real documents made on the spot, for the readers' tests."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def text_pdf(
    lines: list[str], courier: frozenset[int] = frozenset(), large: frozenset[int] = frozenset()
) -> bytes:
    """A one-page PDF that writes `lines` in 11-point Helvetica (those at `courier` in Courier,
    those at `large` at 20 points): the smallest file a PDF reader takes text from."""
    shown = []
    for n, line in enumerate(lines):
        escaped = line.replace("(", r"\(").replace(")", r"\)")
        font, size = 2 if n in courier else 1, 20 if n in large else 11
        shown.append(f"/F{font} {size} Tf ({escaped}) '")
    stream = "BT 50 750 Td 24 TL " + " ".join(shown) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypted_pdf(data: bytes) -> bytes:
    """`data` (a PDF) locked with a user password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    """A page with no text on it, as a scan without OCR looks to a reader."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
