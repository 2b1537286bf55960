"""Feedback without hidden tests; feedback and formgrader pages without active content.

Stock nbgrader puts the hidden tests into the feedback HTML it sends to trainees (by design,
nbgrader #917/#1363): the test cell's source, and the traceback of a failing hidden assert.
``HideHiddenTests`` is added to ``GenerateFeedback.preprocessors`` (see
``aijourney.course.nbgrader_config``). It

- removes the hidden region from every test cell with nbgrader's own ``ClearHiddenTests``;
- keeps only the error's name and message, never its traceback (which quotes the failing line),
  where a cell had hidden tests;
- blanks any output, of any cell, that quotes a hidden-test line: a notebook could print what it
  found while running (``In``, ``_ih``, the history), and that output would reach the trainee.

Pages without active content. The feedback HTML (trainees) and the formgrader's submission page
(instructors) are both rendered from the autograded notebook by nbconvert's ``HTMLExporter``, and
nbgrader's templates insert HTML outputs and rendered markdown as they are. So that neither page
runs what a trainee's notebook displayed, ``nbgrader_config`` sets for ``HTMLExporter``:

- ``SanitizeOutputs`` (preprocessor): nbconvert's ``SanitizeHTML`` with this module's allowlist
  (``clean_html``, bleach). ``text/html`` outputs are cleaned; ``text/plain``, PNG/JPEG images,
  ``text/latex`` and JSON stay; every other type (``application/javascript``, widgets, SVG,
  mermaid, ...) is dropped; output metadata keeps only plain image sizes and hints (it is written
  into attributes unquoted, and ``isolated`` would frame the output); widget state is removed.
- ``SafeMarkdown`` (the ``markdown2html`` filter): nbconvert's own rendering, then ``clean_html``,
  for markdown cells (trainees can add or edit them) and ``text/markdown`` outputs.

``clean_html`` removes ``script``, ``style``, ``iframe``, ``object``, ``embed``, ``svg`` ... with
their content, then keeps only allowlisted tags and attributes: no ``on*`` handlers, links only to
http(s)/mailto (``data:`` only as an image source), styles only from bleach's property list and
without ``url()`` or other functions than colours, classes only short code-highlighting ones and a
few known names (a page class such as ``navbar-fixed-top`` could cover the formgrader's buttons).
"""

from __future__ import annotations

import html as html_lib
import re

import bleach
import tinycss2
from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer
from bs4 import BeautifulSoup
from jinja2 import pass_context
from nbconvert.filters import markdown2html, strip_files_prefix
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Set
from traitlets.config import LoggingConfigurable

HIDDEN_NOTE = "(một kiểm tra ẩn không đạt)"
REDACTED = "[Phần này có nội dung kiểm tra ẩn nên không được hiển thị.]"
MIN_LINE = 12  # shorter lines (e.g. "import math") are not secrets


def _texts(output) -> list[str]:
    texts = []
    if "text" in output:
        texts.append(output["text"] if isinstance(output["text"], str) else "".join(output["text"]))
    for value in output.get("data", {}).values():
        text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value)
        # also unescaped: an HTML output may quote a test escaped ("&gt;="), and SanitizeOutputs
        # (an HTMLExporter preprocessor, so it runs before this one) re-serialises HTML outputs
        texts += [text, html_lib.unescape(text)]
    texts.append(output.get("evalue", ""))
    texts.extend(output.get("traceback", []))
    return texts


class HideHiddenTests(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        clear = ClearHiddenTests(parent=self)
        clear.enforce_metadata = False
        begin, end = re.escape(clear.begin_test_delimeter), re.escape(clear.end_test_delimeter)
        secrets: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type != "code" or clear.begin_test_delimeter not in cell.source:
                continue
            for block in re.findall(rf"{begin}(.*?){end}", cell.source, flags=re.S):
                secrets.update(line.strip() for line in block.splitlines() if len(line.strip()) >= MIN_LINE)
            clear._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    evalue = output.get("evalue", "")
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {evalue or HIDDEN_NOTE}"]
        if secrets:
            for cell in nb.cells:
                for i, output in enumerate(cell.get("outputs", [])):
                    if any(secret in text for text in _texts(output) for secret in secrets):
                        cell.outputs[i] = {"output_type": "stream", "name": "stdout", "text": REDACTED + "\n"}
        return nb, resources


# -- pages without active content ---------------------------------------------------------------
# Removed with everything inside them (bleach alone would keep a removed element's text).
DROPPED = ["script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
           "noframes", "template", "head", "title", "svg", "math", "textarea", "select", "xmp", "plaintext"]
TAGS = sorted(bleach.ALLOWED_TAGS | {
    "p", "br", "hr", "div", "span", "pre", "kbd", "samp", "var", "sub", "sup", "small", "mark", "del", "ins", "s",
    "u", "q", "cite", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "img", "figure", "figcaption", "details", "summary",
})
ATTRIBUTES = {
    "*": {"title", "class", "style", "align", "dir", "lang"},
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "table": {"border"}, "ol": {"start"},
    "th": {"colspan", "rowspan", "scope", "valign"}, "td": {"colspan", "rowspan", "valign"},
    "col": {"span"}, "colgroup": {"span"},
}
NUMBERS = {"width", "height", "border", "start", "colspan", "rowspan", "span"}
PROTOCOLS = ["http", "https", "mailto", "data"]  # data: only as an image source (_allowed)
DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*", re.I)
# pygments' short token classes, pandas' "dataframe", nbconvert's markdown and ANSI classes
CLASS = re.compile(r"[a-z]{1,3}\d?|highlight|hl-[\w-]+|dataframe|anchor-link|ansi-[\w-]+")
CSS_PROPERTIES = ALLOWED_CSS_PROPERTIES - {"cursor"}
CSS_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla"}


def _allowed(tag: str, name: str, value: str) -> bool:
    if name not in ATTRIBUTES["*"] and name not in ATTRIBUTES.get(tag, ()):
        return False
    if name in ("href", "src"):
        uri = re.sub(r"[`\x00-\x20\x7f-\xa0\s]+", "", html_lib.unescape(value)).lower()
        scheme = re.match(r"(?:/?files/)*([a-z][a-z0-9+.-]*):", uri)  # also as strip_files_prefix leaves it
        if scheme and scheme.group(1) == "data":
            return tag == "img" and DATA_IMAGE.fullmatch(value.strip()) is not None
        return scheme is None or scheme.group(1) in ("http", "https", "mailto")
    if name in NUMBERS:
        return re.fullmatch(r"\s*\d{1,5}%?\s*", value) is not None
    if name == "class":
        return all(CLASS.fullmatch(token) for token in value.split())
    return True


def _plain_css(tokens) -> bool:
    """No url(), no expression() or any function but colours, at any depth."""
    for token in tokens:
        if token.type == "url":
            return False
        if token.type == "function" and (token.lower_name not in CSS_FUNCTIONS or not _plain_css(token.arguments)):
            return False
        if token.type.endswith("block") and not _plain_css(token.content):
            return False
    return True


class _CSS(CSSSanitizer):
    def sanitize_css(self, style: str) -> str:
        declarations = tinycss2.parse_declaration_list(style, skip_comments=True, skip_whitespace=True)
        return "; ".join(d.serialize().strip() for d in declarations
                         if d.type == "declaration" and d.lower_name in CSS_PROPERTIES and _plain_css(d.value))


def clean_html(text: str) -> str:
    """HTML that is safe to serve in a page: see the module docstring."""
    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(DROPPED):
        element.decompose()
    cleaner = bleach.Cleaner(tags=TAGS, attributes=_allowed, protocols=PROTOCOLS, strip=True, strip_comments=True,
                             css_sanitizer=_CSS())
    return cleaner.clean(str(soup))


class SanitizeOutputs(SanitizeHTML):
    """nbconvert's SanitizeHTML with ``clean_html``; markdown is left to ``SafeMarkdown``."""

    safe_output_keys = Set(
        {"metadata", "text/plain", "text/latex", "application/json", "image/png", "image/jpeg", "text/markdown"},
        help="Output types kept as they are (text/markdown: cleaned once rendered, by SafeMarkdown)",
    ).tag(config=True)
    sanitized_output_types = Set({"text/html"}, help="Output types cleaned with clean_html").tag(config=True)

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)  # its state would make the page load a widget renderer
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown":  # rendered first, then cleaned (SafeMarkdown)
            return cell, resources
        if cell.cell_type == "code":
            if not isinstance(cell.get("execution_count"), int):
                cell.execution_count = None
            for output in cell.get("outputs", []):
                if "metadata" in output:
                    output["metadata"] = _plain_metadata(output["metadata"])
        return super().preprocess_cell(cell, resources, cell_index)

    def sanitize_html_tags(self, html_str):
        return clean_html(html_str)


def _plain_metadata(metadata) -> dict:
    kept = {}
    for mimetype, meta in (metadata or {}).items():
        if not isinstance(meta, dict):
            continue
        entry = {key: meta[key] for key in ("width", "height")
                 if type(meta.get(key)) in (int, float) or re.fullmatch(r"\d{1,5}", str(meta.get(key, "x")))}
        if meta.get("needs_background") in ("light", "dark"):
            entry["needs_background"] = meta["needs_background"]
        if meta.get("unconfined") is True:
            entry["unconfined"] = True
        if isinstance(meta.get("alt"), str):
            entry["alt"] = meta["alt"]  # written quoted and escaped
        if entry:
            kept[mimetype] = entry
    return kept


class SafeMarkdown(LoggingConfigurable):
    """The ``markdown2html`` filter (``HTMLExporter.filters``): the exporter's rendering, then
    ``clean_html``. The templates pass the result to ``strip_files_prefix``, which would turn
    ``href="files/javascript:..."`` into a script link: cleaned again until that changes nothing."""

    jinja_pass_arg = pass_context(lambda: None).jinja_pass_arg  # jinja passes the template context

    def __call__(self, context, source: str) -> str:
        render = getattr(self.parent, "markdown2html", None)
        page = clean_html(render(context, source) if render else markdown2html(source))
        for _ in range(100):
            stripped = strip_files_prefix(page)
            if stripped == page:
                return page
            page = clean_html(stripped)
        return html_lib.escape(source)
