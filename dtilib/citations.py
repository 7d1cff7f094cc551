"""Sources a reader can follow: the ``source`` field of the published tables as citations.

A ``source`` field lists pages separated by ``" ; "``: web addresses (sometimes with a
remark in brackets, ``"https://… (reprint of en.baodanang.vn)"``) or a news article kept
under ``seeds/`` (``"seeds/000_….txt (news article)"``). :func:`cite` turns each into
publisher, title and date — never a file path:

- a seed article by its headline, outlet and date, as recorded in
  ``dtilib/data/citations.csv`` (``kind=seed``; read from each article);
- a known page by its recorded title (``kind=url``);
- any other address by its publisher (``kind=domain``: the domain → publisher table, the
  longest matching domain wins) and the words of its address (``title_kind="slug"``:
  Vietnamese addresses carry no diacritics, shown as they are; nothing is invented).

The same table gives each publisher a *tier* (official, provincial, press, secondary,
seed) used by the preference rule of :mod:`dtilib.datasets`.

>>> cite("seeds/000_a97ef0b3b8e1e76f.txt (news article)", "en")
'news article, outlet not named in the saved copy (English, on Lạng Sơn): “Efforts to improve ICT Index”, 20 Sep 2024 (news article only)'
>>> cite("https://dti.gov.vn/xep-hang-2022", "vi")
'Bộ TT&TT — dti.gov.vn: Bảng xếp hạng DTI 2022 của 63 tỉnh, thành phố (trang xep-hang-2022), 07/2023'
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote, urlsplit

import pandas as pd

TIERS = ("official", "provincial", "press", "secondary", "seed")
_SEED_RE = re.compile(r"^(?:\.\./)*(?:shared/)?(seeds/[\w.-]+\.txt)\s*(.*)$")
_EXT_RE = re.compile(r"\.(html?|epi|vov|vnp|ldo|tpo|gd|aspx|php|htm)$", re.I)
_GENERIC = {"chi tiet tin", "chi tiet tin tuc", "chi tiet bai viet"}  # portal page names, not titles
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_WORDS = {
    "vi": {"slug": "tiêu đề theo địa chỉ trang", "page": "trang", "seed": "chỉ từ một bài báo, chưa kiểm chứng",
           "unknown": "nguồn"},
    "en": {"slug": "title from the web address", "page": "page", "seed": "news article only",
           "unknown": "source"},
}


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with resources.files("dtilib").joinpath("data", "citations.csv").open("rb") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    bad = df[~df["tier"].isin(TIERS)]
    if len(bad):
        from .errors import DtiError

        raise DtiError(f"dtilib/data/citations.csv:{bad.index[0] + 2}:tier: {bad['tier'].iloc[0]!r} "
                       f"is not one of {', '.join(TIERS)}")
    return df


@lru_cache(maxsize=1)
def _by_kind() -> dict:
    t = _table()
    return {k: {r["key"]: r for r in g.to_dict("records")} for k, g in t.groupby("kind")}


def citation_table() -> pd.DataFrame:
    """The bundled citation table (``dtilib/data/citations.csv``): seeds, known pages,
    domain → publisher rows, each with its tier.

    >>> t = citation_table()
    >>> sorted(t["kind"].unique()), t.set_index("key").loc["baolangson.vn", "publisher_vi"]
    (['domain', 'seed', 'text', 'url'], 'Báo Lạng Sơn')
    """
    return _table().copy()


def split_source(source: str) -> list[str]:
    """The parts of a ``source`` field (``" ; "``-separated), stripped, empty ones dropped.

    >>> split_source("https://a.vn/x ; seeds/000_a.txt (news article)")
    ['https://a.vn/x', 'seeds/000_a.txt (news article)']
    """
    return [p.strip() for p in str(source or "").split(" ; ") if p.strip()]


def _domain_row(host: str) -> dict | None:
    doms = _by_kind().get("domain", {})
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        cand = ".".join(labels[i:])
        if cand in doms:
            return doms[cand]
    return None


def _slug_title(path: str) -> str:
    """Words of the most descriptive address segment, ids and extensions dropped."""
    best = ""
    for seg in unquote(path).split("/"):
        seg = re.sub(r"\.\d+$", "", _EXT_RE.sub("", seg))
        words = [w for w in re.split(r"[-_]+", seg) if w]
        while words and re.fullmatch(r"\d{5,}", words[0]):
            words.pop(0)
        while words and (re.fullmatch(r"(?:post|ar|a|c|d|p)\d+|\d{5,}", words[-1], re.I)
                         or (re.search(r"\d", words[-1]) and re.search(r"[A-Za-z]", words[-1])
                             and len(words[-1]) >= 6)):
            words.pop()
        text = " ".join(words)
        if len(words) >= 3 and text.lower() not in _GENERIC and len(text) > len(best):
            best = text
    return best


def _url_date(url: str) -> str:
    m = re.search(r"[-/](20\d{2})(\d{2})(\d{2})\d{6,}(?:\.\w+)?$", url)  # dantri-style stamp
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.search(r"/(20\d{2})-(\d{1,2})-(\d{1,2})/", url)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = re.search(r"/(20\d{2})(0[1-9]|1[0-2])/", url)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    return ""


def _fmt_date(d: str, lang: str) -> str:
    parts = d.split("-")
    if lang == "vi":
        return "/".join(reversed(parts))
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return d


def citation_parts(part: str) -> dict:
    """One source part as ``kind, publisher_vi, publisher_en, tier, title_vi, title_en,
    title_kind, date, url, remark``.

    >>> p = citation_parts("https://baolangson.vn/khoa-hoc-tin-hoc/cong-nghe/455867-llang-son-dung-thu-16-ve-chuyen-doi-so.html")
    >>> p["publisher_vi"], p["title_vi"], p["title_kind"], p["tier"]
    ('Báo Lạng Sơn', 'llang son dung thu 16 ve chuyen doi so', 'slug', 'press')
    >>> citation_parts("seeds/002_d8f20103a555f93a.txt (news article)")["tier"]
    'seed'
    """
    part = part.strip()
    kinds = _by_kind()
    m = _SEED_RE.match(part)
    if m:
        rec = kinds.get("seed", {}).get(m.group(1))
        if rec is None:
            return {"kind": "seed", "publisher_vi": "bài báo (chưa ghi nhận trong dtilib/data/citations.csv)",
                    "publisher_en": "news article (not yet recorded in dtilib/data/citations.csv)",
                    "tier": "seed", "title_vi": "", "title_en": "", "title_kind": "", "date": "", "url": "",
                    "remark": ""}
        return _from_record(rec, "seed", "")
    if part in kinds.get("text", {}):
        return _from_record(kinds["text"][part], "text", "")
    url, remark = part, ""
    m = re.match(r"^(\S+)\s+\((.*)\)\s*$", part)
    if m and m.group(1).startswith("http"):
        url, remark = m.group(1), m.group(2)
    if url in kinds.get("url", {}):
        out = _from_record(kinds["url"][url], "url", remark)
        out["url"] = url
        return out
    if url.startswith("http"):
        sp = urlsplit(url)
        host = sp.netloc.lower()
        dom = _domain_row(host)
        bare = host[4:] if host.startswith("www.") else host
        title = _slug_title(sp.path)
        kind = "slug" if title else "address"
        if not title:
            title = (sp.path + ("?" + sp.query if sp.query else "")).strip("/") or bare
        pub_vi = dom["publisher_vi"] if dom else bare
        pub_en = (dom["publisher_en"] or dom["publisher_vi"]) if dom else bare
        tier = dom["tier"] if dom else ("provincial" if host.endswith(".gov.vn") else "press")
        return {"kind": "url", "publisher_vi": pub_vi, "publisher_en": pub_en, "tier": tier,
                "title_vi": title, "title_en": title, "title_kind": kind, "date": _url_date(url),
                "url": url, "remark": remark}
    return {"kind": "text", "publisher_vi": part, "publisher_en": part, "tier": "secondary", "title_vi": "",
            "title_en": "", "title_kind": "", "date": "", "url": "", "remark": ""}


def _from_record(rec: dict, kind: str, remark: str) -> dict:
    return {"kind": kind, "publisher_vi": rec["publisher_vi"],
            "publisher_en": rec["publisher_en"] or rec["publisher_vi"], "tier": rec["tier"],
            "title_vi": rec["title_vi"], "title_en": rec["title_en"] or rec["title_vi"],
            "title_kind": rec["title_kind"], "date": rec["date"], "url": rec["url"], "remark": remark}


def _one(part: str, lang: str, urls: bool) -> str:
    p = citation_parts(part)
    w = _WORDS[lang]
    pub, title = p[f"publisher_{lang}"], p[f"title_{lang}"]
    text = pub
    if title:
        if p["title_kind"] == "headline":
            text += f": “{title}”"
        elif p["title_kind"] == "slug":
            text += f": “{title}” ({w['slug']})"
        elif p["title_kind"] == "address":
            text += f", {w['page']} {title}"
        else:
            text += f": {title}"
    if p["date"]:
        text += ", " + _fmt_date(p["date"], lang)
    if p["remark"]:
        text += f" ({p['remark']})"
    if p["tier"] == "seed":
        text += f" ({w['seed']})"
    if urls and p["url"]:
        text += f" <{p['url']}>"
    return text


def cite(source: str, lang: str = "vi", urls: bool = False) -> str:
    """A ``source`` field as a citation: ``publisher: title, date`` for each page, joined
    by ``"; "``. ``urls=True`` adds each web address in angle brackets. Never a file path.

    >>> cite("https://vtcnews.vn/ha-noi-dan-dau-ca-nuoc-ve-chuyen-doi-so-cao-bang-dung-cuoi-bang-ar972306.html", "en")
    'VTC News: “ha noi dan dau ca nuoc ve chuyen doi so cao bang dung cuoi bang” (title from the web address)'
    >>> cite("http://stttt.langson.gov.vn/node/5680 ; seeds/000_a97ef0b3b8e1e76f.txt (news article)", "vi")
    'Sở TT&TT tỉnh Lạng Sơn, trang node/5680; bài báo, bản lưu không ghi tên báo (tiếng Anh, về Lạng Sơn): “Efforts to improve ICT Index”, 20/09/2024 (chỉ từ một bài báo, chưa kiểm chứng)'
    """
    if lang not in _WORDS:
        from .errors import DtiError

        raise DtiError(f"cite: lang must be 'vi' or 'en', got {lang!r}")
    return "; ".join(_one(p, lang, urls) for p in split_source(source))


def source_tier(source: str) -> int:
    """Position in :data:`TIERS` of the most authoritative page of a ``source`` field
    (0 = official); 5 when the field is empty.

    >>> source_tier("https://baomoi.net.vn/x-c1.epi ; https://dti.gov.vn/xep-hang-2022")
    0
    """
    tiers = [TIERS.index(citation_parts(p)["tier"]) for p in split_source(source)]
    return min(tiers) if tiers else len(TIERS)
