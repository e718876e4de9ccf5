"""The `wenming build` outputs: the Word 汇编 (word/), the upload folder, manifest and zip, and the pipeline that stages and swaps them."""
