"""Write the default Word template of the work briefing (工作简报):
shanhai/reports/templates/docx/briefing.docx, read by docxtpl in shanhai.reports.briefing.

    .venv/bin/python scripts/make_briefing_template.py

The layout follows the usual shape of an office's 简报 (GB/T 9704 for the page): A4, margins
37/35/28/26 mm; a red masthead and 第X期, the issuing office and the date over a red rule; the
title in 方正小标宋简体 (黑体/SimHei where it is not installed), the body in 仿宋_GB2312 (仿宋/FangSong)
at 16 pt (三号), headings in 黑体; page numbers "— 1 —" in the footer; the 报/送 block at the end.
An office that wants its own layout copies this file, keeps the {{ … }} and {%p … %} tags and
points SHANHAI_BRIEFING_TEMPLATE at it.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "shanhai" / "reports" / "templates" / "docx" / "briefing.docx"

TITLE_FONT = ("方正小标宋简体", "SimHei")  # east Asian name, and the fall-back written as the Latin name
HEADING_FONT = ("黑体", "SimHei")
BODY_FONT = ("仿宋_GB2312", "FangSong")
RED = RGBColor(0xE6, 0x00, 0x12)


def fonts(run, names, size, *, bold=False, color=None):
    east, latin = names
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east)
    r_fonts.set(qn("w:ascii"), latin)
    r_fonts.set(qn("w:hAnsi"), latin)


def paragraph(doc, text, names=BODY_FONT, size=16, *, align=None, indent=False, bold=False, color=None, space_after=0):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    fmt.line_spacing = Pt(28) if size <= 16 else None
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    fonts(p.add_run(text), names, size, bold=bold, color=color)
    return p


def rule(p, color="E60012", size=12, where="bottom"):
    """A line under (or over) a paragraph: the red rule under the masthead, the thin ones of 报/送."""
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{where}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    p_pr.append(borders)


def page_number(footer):
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fonts(p.add_run("— "), BODY_FONT, 14)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = p.add_run()
        fonts(run, BODY_FONT, 14)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            run.text = text
            continue
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    fonts(p.add_run(" —"), BODY_FONT, 14)


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT[1], Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT[0])

    paragraph(doc, "{{ masthead }}", TITLE_FONT, 36, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    paragraph(doc, "第{{ issue }}期", BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    rule(paragraph(doc, "{{ office }}\t{{ date }}", BODY_FONT, 16, space_after=24), size=18)
    doc.paragraphs[-1].paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # the date flush right
    paragraph(doc, "{{ title }}", TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=16)
    paragraph(doc, "{%p for text in opening %}")
    paragraph(doc, "{{ text }}", indent=True)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p for section in sections %}")
    paragraph(doc, "{{ section.heading }}", HEADING_FONT, 16, indent=True)
    paragraph(doc, "{%p for text in section.paragraphs %}")
    paragraph(doc, "{{ text }}", indent=True)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{{ footnote }}", BODY_FONT, 12, indent=True, space_after=24)
    rule(paragraph(doc, "报：{{ report_to }}", BODY_FONT, 14), color="000000", size=6, where="top")
    rule(paragraph(doc, "送：{{ send_to }}", BODY_FONT, 14), color="000000", size=6)
    page_number(section.footer)
    return doc


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(OUT)
