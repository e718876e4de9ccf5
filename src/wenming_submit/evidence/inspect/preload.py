"""Imported once by the fork server, so every worker forked from it starts with the inspectors loaded."""

from wenming_submit.evidence.inspect import docx, images, odf, ole, pdf, text, xlsx

__all__ = ["docx", "images", "odf", "ole", "pdf", "text", "xlsx"]
