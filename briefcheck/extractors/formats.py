"""Which files a brief may be, with no reader imported (the command line names them in help)."""

# Plain-text formats, by suffix: read as text, `[n]` markers and notes as written.
TEXT_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
                ".htm": "html"}  # fmt: skip
# Formats read from their own structure (each rendered to text with `[n]` markers).
RENDERED_FORMATS = {".docx": "docx", ".odt": "odt", ".fodt": "odt", ".pdf": "pdf"}
# Every suffix a brief may have (what `verify-many` looks for in a folder).
BRIEF_SUFFIXES = (*TEXT_FORMATS, *RENDERED_FORMATS)
# How help texts and errors name them.
BRIEF_FORMATS = ".txt, .md, .html, .docx, .odt or .pdf"
