"""Brief text → Brief: footnotes, references, sentences, markers, quotations and dates."""

from briefcheck.extractors.brief import brief_to_json, extract_brief, extract_text

__all__ = ["brief_to_json", "extract_brief", "extract_text"]
