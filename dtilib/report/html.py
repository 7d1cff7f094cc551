"""HTML export of an executed report: no input cells, images embedded, no outside request.

nbconvert's ``HTMLExporter`` with ``exclude_input=True`` and the ``dtilib``
template (``templates/dtilib``), which extends JupyterLab's template but drops
its CDN scripts (require.js, MathJax, mermaid) and the widget manager. Inline
figures are already ``data:`` URIs; the CSS is inlined. Warnings printed to
stderr by a cell are kept in the executed ``.ipynb`` but left out of the HTML.
:func:`external_references` double-checks the result: the export fails rather
than write a page that would reach outside the machine.

>>> external_references('<img src="data:image/png;base64,AA"><a href="#top">x</a>')
[]
>>> external_references('<script src="https://cdn.example/x.js"></script>')
['https://cdn.example/x.js']
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"

# src=, href=, CSS url(...) and @import pointing at a scheme other than data:/file: or
# at a protocol-relative //host address
_REF = re.compile(r"""(?:\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*|url\(\s*["']?|@import\s+["'])"""
                  r"""((?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)[^"'\s)>]*)""", re.I)


def external_references(html_text: str) -> list[str]:
    """Addresses in ``html_text`` a browser would fetch from (or link to) outside the file.

    >>> external_references('<link href="//fonts.example/x.css"><style>@import "https://x/y.css";</style>')
    ['//fonts.example/x.css', 'https://x/y.css']
    """
    refs = []
    for m in _REF.finditer(html_text):
        ref = m.group(1)
        if ref.lower().startswith(("data:", "file:", "about:", "javascript:void")):
            continue
        refs.append(ref)
    return refs


_FOCUSABLE = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*")')
_TAGS = re.compile(r"<[^>]+>")
# nbconvert writes a heading (its anchor filter) as ASCII, Vietnamese letters as character
# references ("L&#7841;ng S&#417;n"); the page is UTF-8, so they are written as the letters,
# as the BeautifulSoup pass used to, except the five that must stay escaped
_CHAR_REF = re.compile(r"&#(?:x([0-9a-fA-F]+)|([0-9]+));")


def _as_character(m: re.Match) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    ch = chr(code) if 0 < code < 0x110000 else ""
    if not ch or ch in "<>&\"'" or (code < 32 and ch not in "\t\n\r"):
        return m.group(0)
    return ch


def _alt_texts(nb) -> None:
    """Give each chart the text of the finding shown above it (its alternative text).

    The notebooks display a chart's computed sentence just before drawing it; a
    screen reader then reads that sentence instead of nbconvert's "No
    description has been provided for this image".
    """
    import html as _html

    for cell in nb.cells:
        said = None
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data and said:
                out.setdefault("metadata", {})["dti_alt"] = said
            elif "text/html" in data and "dti-finding" in data["text/html"]:
                said = " ".join(_html.unescape(_TAGS.sub(" ", data["text/html"])).split())


@lru_cache(maxsize=4)
def _exporter(lang: str):
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without its closing BeautifulSoup pass.

        That pass parses the finished page (a megabyte of embedded charts) to
        add images' alternative text and make outputs focusable, and writes it
        out again: a fifth of a report's export time. The template writes the
        alternative text itself (``data_png``) and a regular expression adds
        ``tabindex="0"`` to each output, the same two changes.
        """

        def from_notebook_node(self, nb, resources=None, **kw):
            from nbconvert.exporters.templateexporter import TemplateExporter
            from nbconvert.filters.highlight import Highlight2HTML
            from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html_text, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            html_text = _CHAR_REF.sub(_as_character, html_text)
            return _FOCUSABLE.sub(r'\1 tabindex="0"', html_text), resources

    class ReportPage(Preprocessor):
        """The page's title and each chart's alternative text, set on nbconvert's own
        copy of the notebook (the executed notebook handed in is left as it is)."""

        def preprocess(self, nb, resources):
            nb.metadata["title"] = resources.get("dti_title", "")
            _alt_texts(nb)
            return nb, resources

    class DropStderr(Preprocessor):
        """Leave stderr streams (warnings, logging) out of the rendered report."""

        def preprocess_cell(self, cell, resources, index):
            if cell.get("cell_type") == "code" and cell.get("outputs"):
                cell.outputs = [o for o in cell.outputs
                                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            return cell, resources

    from traitlets.config import Config

    # cells tagged "remove_cell" (a notebook's own description for JupyterLab users) stay out
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": ["remove_cell"]}})
    exp = ReportExporter(config=config, template_name="dtilib", extra_template_basedirs=[str(TEMPLATES)],
                       exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                       embed_images=True, language_code=lang,
                       optimistic_validation=True)  # the notebook checked once, after every preprocessor
    exp.register_preprocessor(ReportPage(), enabled=True)
    exp.register_preprocessor(DropStderr(), enabled=True)
    exp.log.setLevel(logging.ERROR)  # not "alternative text is missing" for every chart
    return exp


@lru_cache(maxsize=1)
def _css() -> str:
    return (HERE / "report.css").read_text(encoding="utf-8")


def export_html(nb, title: str, lang: str = "vi") -> str:
    """The report page for the executed notebook ``nb`` (a ``NotebookNode``).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("secret_code()", outputs=[
    ...     nbformat.v4.new_output("display_data", {"text/html": "<b>Finding</b>"})])])
    >>> page = export_html(nb, "Title", lang="en")
    >>> "<b>Finding</b>" in page, "secret_code" in page, "<title>Title</title>" in page
    (True, False, True)
    """
    from ..i18n import check_lang

    body, _ = _exporter(check_lang(lang)).from_notebook_node(  # nbconvert works on a copy of nb
        nb, resources={"dti_css": _css(), "dti_title": title, "metadata": {"name": title}})
    refs = external_references(body)
    if refs:
        raise ValueError(f"report HTML would request outside addresses: {sorted(set(refs))[:5]}")
    return body
