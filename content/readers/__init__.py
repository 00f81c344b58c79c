"""Readers: one small module per file format, each turning a file into text blocks and metadata.

`read_folder` reads a whole folder into `Document`s; item builders never see the format.
"""

from content.readers.document import PROSE, Block, Document, SourceError, Unreadable
from content.readers.folder import (
    SUFFIXES,
    Progress,
    Reading,
    Skipped,
    article_files,
    read_folder,
)

__all__ = [
    "PROSE",
    "SUFFIXES",
    "Block",
    "Document",
    "Progress",
    "Reading",
    "Skipped",
    "SourceError",
    "Unreadable",
    "article_files",
    "read_folder",
]
