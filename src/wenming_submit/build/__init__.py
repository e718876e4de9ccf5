"""Build stage: the Word 汇编, the Excel 清单 and the upload package, all from a CheckResult."""
