"""Imported once by the fork server, so every worker forked from it starts with the inspectors loaded."""

# imagehash.phash imports scipy.fftpack on first use: ~0.3 s in every fresh worker, i.e. in every check that
# reads a new photo (each check forks its workers anew).
import scipy.fftpack  # noqa: F401

from wenming_submit.evidence.inspect import docx, images, odf, ole, pdf, text, xlsx

__all__ = ["docx", "images", "odf", "ole", "pdf", "text", "xlsx"]
