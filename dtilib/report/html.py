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


@lru_cache(maxsize=4)
def _exporter(lang: str):
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor

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
    exp = HTMLExporter(config=config, template_name="dtilib", extra_template_basedirs=[str(TEMPLATES)],
                       exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                       embed_images=True, language_code=lang)
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
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    from ..i18n import check_lang

    body, _ = _exporter(check_lang(lang)).from_notebook_node(
        nb, resources={"dti_css": _css(), "metadata": {"name": title}})
    refs = external_references(body)
    if refs:
        raise ValueError(f"report HTML would request outside addresses: {sorted(set(refs))[:5]}")
    return body
