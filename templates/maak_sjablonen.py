"""Make the Word templates `brief_aan_college.docx` and `memo_tussenstand.docx` from scratch.

Run `python templates/maak_sjablonen.py` after changing this script. The result is an
ordinary Word document with Jinja tags (docxtpl): staff may edit wording and layout in
Word afterwards; keep every `{{ ... }}` tag whole, in one piece of formatting. Tags only
show values and loop over table rows; every number arrives preformatted from
the context modules of `xlpuzzel.brief`. Output is deterministic (fixed document properties and zip).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from xlpuzzel.layout import BLOCK_HEADERS, COLUMNS, Role

FONT = "Arial"
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = "D9D9D9"
BRIEF = HERE / "brief_aan_college.docx"
MEMO = HERE / "memo_tussenstand.docx"


# --- helpers ----------------------------------------------------------------------------


def new_document(title: str) -> Document:
    """An A4 document with Arial 10 pt, Dutch proofing language and fixed properties."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nl-NL")
    lang.set(qn("w:eastAsia"), "nl-NL")
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("List Bullet", "Table Grid"):
        doc.styles[name].font.name = FONT
    props = doc.core_properties
    props.title = title
    props.author = "Provincie Drenthe"
    props.last_modified_by = "xlpuzzel"
    props.comments = "Sjabloon voor xlpuzzel (docxtpl); gemaakt door templates/maak_sjablonen.py"
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 7, 12)
    return doc


def para(container, text: str = "", *, bold: bool = False, size: float | None = None, after: float = 0,
         align=None, color: RGBColor | None = None, italic: bool = False, before: float = 0):
    """A paragraph with one run (so a Jinja tag in it stays in one piece)."""
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(before)
    if align is not None:
        p.alignment = align
    return p


def body(doc, text: str):
    """A body paragraph with space after it."""
    return para(doc, text, after=8)


def heading(doc, text: str):
    """A bold section heading."""
    return para(doc, text, bold=True, size=11, after=4, before=6)


def bullet(doc, text: str):
    """A bulleted paragraph."""
    p = doc.add_paragraph(style="List Bullet")
    p.add_run(text)
    p.paragraph_format.space_after = Pt(2)
    return p


def set_cell(cell, text: str, *, bold: bool = False, align=None, size: float | None = None,
             shade: str | None = None):
    """Replace a cell's text with one run."""
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._element.getparent().remove(r._element)
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if size:
        mark_size(p, size)
    if shade:
        tcpr = cell._element.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), shade)
        tcpr.append(shd)


def mark_size(paragraph, size: float) -> None:
    """Font size of the paragraph mark, so an empty cell is no taller than a filled one."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    ppr.append(rpr)


def no_borders(table) -> None:
    """Remove every border of a layout table."""
    tblpr = table._element.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def widths(table, mm: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice both honour tcW with a fixed layout)."""
    table.autofit = False
    tblpr = table._element.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    grid = table._element.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, mm):
            cell.width = Mm(w)


def repeat_header(row) -> None:
    """Repeat a table's header row on every page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def keep_row_together(row) -> None:
    """Do not split a table row over two pages."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def page_field(paragraph) -> None:
    """Append Word's PAGE field (the page number)."""
    run = paragraph.add_run()
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "16")
    rpr.append(sz)
    inner.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    inner.append(t)
    fld.append(inner)
    run._element.addnext(fld)


def concept_header(section) -> None:
    """The CONCEPT mark in the header of every page; empty when the numbers close."""
    header = section.header
    p = header.paragraphs[0]
    run = p.add_run("{{ markering }}")
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RED
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def footer(section, text: str) -> None:
    """A small grey footer line with the page number."""
    p = section.footer.paragraphs[0]
    run = p.add_run(text + "    pagina ")
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    page_field(p)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def concept_paragraph(doc) -> None:
    """A red paragraph at the top of the body, only when the numbers do not close."""
    para(doc, "{%p if concept %}")
    para(doc, "{{ markering }}: dit document is gemaakt ondanks fouten in de werkmap en is niet "
              "geschikt voor verzending.", bold=True, color=RED, after=8)
    para(doc, "{%p endif %}")


def loop_table(doc, headers: list[str], cells: list[str], total: list[str] | None, loop: str,
               mm: list[float], size: float = 9):
    """A bordered table: shaded header row, one row per item of `loop`, an optional bold total row."""
    rows = 4 + (1 if total else 0)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for i, h in enumerate(headers):
        set_cell(table.rows[0].cells[i], h, bold=True, size=size, shade=GREY,
                 align=None if i == 0 else right)
    repeat_header(table.rows[0])
    set_cell(table.rows[1].cells[0], "{%tr for r in " + loop + " %}", size=size)
    for i, c in enumerate(cells):
        set_cell(table.rows[2].cells[i], c, size=size, align=None if i == 0 else right)
    keep_row_together(table.rows[2])
    set_cell(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    if total:
        for i, c in enumerate(total):
            set_cell(table.rows[4].cells[i], c, bold=True, size=size, align=None if i == 0 else right)
    widths(table, mm)
    return table


def save(doc, path: Path) -> None:
    """Save with a fixed zip timestamp, so rerunning the script gives the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    path.write_bytes(out.getvalue())


# --- the letter -------------------------------------------------------------------------


def make_brief() -> Document:
    """Letter to one college van B&W with its part of the puzzel."""
    doc = new_document("Brief aan het college: {{ onderwerp }}")
    section = doc.sections[0]
    concept_header(section)
    footer(section, "{{ afzender.naam }} · {{ afzender.adres }} · {{ afzender.postbus }}, "
                    "{{ afzender.postcode_plaats }} · kenmerk {{ kenmerk }}")

    # Addressee left (window envelope position), sender block top right.
    top = doc.add_table(rows=1, cols=2)
    no_borders(top)
    widths(top, [105, 60])
    left, right = top.rows[0].cells
    set_cell(left, "")
    for _ in range(5):
        para(left, "")
    para(left, "Het college van burgemeester en wethouders")
    para(left, "van de gemeente {{ gemeente.naam }}")
    set_cell(right, "{{ afzender.naam }}", bold=True, size=13)
    para(right, "")
    for line in ("{{ afzender.adres }}", "{{ afzender.postbus }}", "{{ afzender.postcode_plaats }}", "",
                 "{{ contact.telefoon }}", "{{ contact.email }}"):
        para(right, line, size=8.5)

    para(doc, "", after=36)
    para(doc, "{{ plaats }}, {{ datum }}", after=10)
    meta = doc.add_table(rows=3, cols=2)
    no_borders(meta)
    for row, (label, value) in zip(meta.rows, (("Ons kenmerk", "{{ kenmerk }}"),
                                               ("Onderwerp", "{{ onderwerp }}"),
                                               ("Uw besluit vóór", "{{ besluit_uiterlijk }}"))):
        set_cell(row.cells[0], label, size=8.5)
        set_cell(row.cells[1], value, size=10, bold=label == "Onderwerp")
    widths(meta, [35, 130])
    para(doc, "", after=14)

    concept_paragraph(doc)
    body(doc, "Geacht college,")
    body(doc, "Op {{ prt_datum }} heeft de provinciale regietafel asiel Drenthe (PRT) ingestemd met de "
              "verdeling van de Drentse asiel- en vluchtelingenopgave voor 2025 en 2026 over de "
              "{{ aantal_gemeenten }} Drentse gemeenten: De Drentse Puzzel. Uitgangspunt is dat iedere "
              "gemeente bijdraagt aan de opvangopgaven, maar niet iedere gemeente alles conform de "
              "taakstelling hoeft te doen: opgaven kunnen worden uitgeruild. Met deze brief leggen wij de "
              "voorgestelde inbreng van uw gemeente aan u voor, ter besluitvorming.")

    heading(doc, "De inbreng van de gemeente {{ gemeente.naam }}")
    body(doc, "Per opgave ziet u de opgave 2025 van uw gemeente, het eerste voorstel dat uw gemeente heeft "
              "gedaan voor 2025 en 2026, de bijstelling die de PRT voorstelt ten behoeve van de puzzel en "
              "de voorgestelde inbreng, met het percentage van uw opgave.")
    loop_table(
        doc,
        ["Opgave", "Opgave 2025", "Eerste voorstel", "Bijstelling", "Voorgestelde inbreng", "% van opgave"],
        ["{{ r.categorie }}", "{{ r.opgave }}", "{{ r.eerste }}", "{{ r.bijstelling }}", "{{ r.inbreng }}",
         "{{ r.pct }}"],
        ["Totaal", "{{ gemeente.totaal.opgave }}", "{{ gemeente.totaal.eerste }}",
         "{{ gemeente.totaal.bijstelling }}", "{{ gemeente.totaal.inbreng }}", "{{ gemeente.totaal.pct }}"],
        "gemeente.rijen",
        [50, 21, 23, 21, 28, 22],
    )
    para(doc, "", after=8)

    heading(doc, "De provincie als geheel")
    body(doc, "Opgeteld over alle Drentse gemeenten geeft de verdeling dit beeld:")
    loop_table(
        doc,
        ["Opgave", "Provinciale opgave", "Eerste voorstel", "%", "Voorgestelde inbreng", "%"],
        ["{{ r.categorie }}", "{{ r.opgave }}", "{{ r.eerste }}", "{{ r.eerste_pct }}", "{{ r.inbreng }}",
         "{{ r.inbreng_pct }}"],
        ["Totaal", "{{ provincie.totaal.opgave }}", "{{ provincie.totaal.eerste }}",
         "{{ provincie.totaal.eerste_pct }}", "{{ provincie.totaal.inbreng }}",
         "{{ provincie.totaal.inbreng_pct }}"],
        "provincie.rijen",
        [50, 24, 24, 17, 28, 22],
    )
    para(doc, "", after=6)
    body(doc, "Met de voorgestelde verdeling wordt {{ provincie.asiel.inbreng_pct }} van de asielopgave, "
              "{{ provincie.amv.inbreng_pct }} van de opgave voor AMV en {{ provincie.oek.inbreng_pct }} van "
              "de opgave voor Oekraïense ontheemden gerealiseerd.")

    heading(doc, "Ons verzoek")
    body(doc, "Wij vragen uw college om in te stemmen met de voorgestelde inbreng van uw gemeente en ons uw "
              "besluit uiterlijk {{ besluit_uiterlijk }} te laten weten. Het resultaat vormt de basis voor de "
              "verslaglegging van de commissaris van de Koning aan de minister van Asiel en Migratie.")
    body(doc, "Voor vragen over deze brief kunt u contact opnemen met {{ contact.naam }}, telefoon "
              "{{ contact.telefoon }}, e-mail {{ contact.email }}. Wilt u bij uw reactie ons kenmerk "
              "{{ kenmerk }} vermelden?")

    para(doc, "Hoogachtend,", after=0, before=6)
    para(doc, "namens de provinciale regietafel asiel Drenthe,", after=42)
    para(doc, "{{ ondertekenaar.naam }}", bold=True)
    para(doc, "{{ ondertekenaar.functie }}", size=9)
    return doc


# --- the memo ---------------------------------------------------------------------------


def make_memo() -> Document:
    """Memo 'Tussenstand De Drentse Puzzel en een voorstel voor 2025 en 2026' with bijlage 1."""
    doc = new_document("Tussenstand De Drentse Puzzel")
    section = doc.sections[0]
    concept_header(section)
    footer(section, "{{ afzender.naam }} · Tussenstand De Drentse Puzzel · versie {{ versie_datum }}")

    para(doc, "{{ afzender.naam }}", size=9, color=RGBColor(0x59, 0x59, 0x59), after=14)
    para(doc, "Tussenstand “De Drentse Puzzel” en een voorstel voor 2025 en 2026", bold=True, size=15, after=4)
    para(doc, "Versie {{ versie_datum }} — voor de provinciale regietafel van {{ prt_datum }}", italic=True,
         after=12)
    concept_paragraph(doc)

    heading(doc, "Voorstel")
    body(doc, "Met deze memo wordt u:")
    bullet(doc, "geïnformeerd over de wijze waarop de verdeling van de Drentse asiel- en vluchtelingenopgave "
                "tot stand is gekomen;")
    bullet(doc, "voorgesteld in te stemmen met de verdeling van de asiel- en vluchtelingenopgave over de Drentse "
                "gemeenten en deze ter besluitvorming voor te leggen aan het college van B&W.")

    heading(doc, "Aanleiding")
    body(doc, "De Spreidingswet is op 1 februari 2024 in werking getreden. De provinciale regietafels zijn aan "
              "zet om te komen tot een passende invulling van de provinciale opgave. Afgesproken is dat we "
              "voortbouwen op wat in Drenthe al is gerealiseerd, dat alle gemeenten een evenredige bijdrage "
              "leveren en dat we in eerste aanleg op basis van vrijwilligheid tot een passende verdeling "
              "willen komen; lukt dat niet, dan is het wettelijk kader van de Spreidingswet leidend.")
    body(doc, "De colleges van B&W van de Drentse gemeenten is gevraagd om, aan de hand van een (indicatieve) "
              "taakstelling, per opgave aan te geven wat zij kunnen leveren. Alle {{ aantal_gemeenten }} "
              "gemeenten hebben hun inzet voor 2025 en 2026 gedeeld. Dit geeft het volgende beeld.")

    heading(doc, "Ontheemden uit Oekraïne")
    body(doc, "In Drenthe hebben we op dit moment ({{ realisatie_peildatum }}) {{ oek.gerealiseerd }} bedden "
              "gerealiseerd, waarvan er {{ oek.leeg }} leeg staan. De opgave was {{ oek.opgave_vorige }} "
              "bedden en groeit door naar {{ oek.opgave }} bedden per 1 januari 2025. In hun eerste voorstel "
              "bieden de gemeenten samen {{ oek.eerste }} bedden ({{ oek.eerste_pct }}) aan."
              "{% if oek.eerste_tekort %} We komen dan nog {{ oek.eerste_tekort }} bedden tekort per "
              "1 januari 2025.{% endif %}{% if oek.eerste_boven %} Dat is {{ oek.eerste_boven }} bedden boven "
              "de opgave.{% endif %}")

    heading(doc, "Spreidingswet: asiel")
    body(doc, "De Spreidingswet geeft aan dat in Drenthe {{ asiel.opgave }} reguliere opvangplekken voor asiel "
              "moeten worden gerealiseerd en {{ amv.opgave }} opvangplekken voor AMV. De "
              "{{ aantal_gemeenten }} gemeenten bieden gezamenlijk {{ asiel.eerste }} ({{ asiel.eerste_pct }}) "
              "opvangplekken voor asiel aan."
              "{% if asiel.eerste_boven %} Dit is {{ asiel.eerste_boven }} plekken boven de opgave.{% endif %}"
              "{% if asiel.eerste_tekort %} Dit is {{ asiel.eerste_tekort }} plekken minder dan de "
              "opgave.{% endif %}")

    heading(doc, "Spreidingswet: AMV")
    body(doc, "Voor AMV hebben we conform de wet een opgave van {{ amv.opgave }} plekken. Op dit moment zijn er "
              "{{ amv.gerealiseerd }} plekken gerealiseerd. In hun eerste voorstel geven de gemeenten aan "
              "voornemens te zijn {{ amv.eerste }} ({{ amv.eerste_pct }}) plekken te realiseren."
              "{% if amv.eerste_tekort %} Na de eerste uitvraag komen we nog {{ amv.eerste_tekort }} plekken "
              "tekort.{% endif %}{% if amv.eerste_boven %} Dat is {{ amv.eerste_boven }} plekken boven de "
              "opgave.{% endif %}")

    heading(doc, "Statushouders en Nidos")
    body(doc, "Bij statushouders, evenals jonge statushouders (Nidos), is sprake van halfjaarlijkse opgaven. "
              "In het kader van de Drentse Puzzel zijn nog géén concrete voorstellen gedaan om tot een "
              "uitwisseling tussen gemeenten te komen. Iedere gemeente concentreert zich op haar eigen opgave "
              "en vanuit de provincie wordt nagedacht hoe zij hierin kan ondersteunen.")

    heading(doc, "Het beeld van de eerste voorstellen en het voorstel voor de puzzel")
    loop_table(
        doc,
        ["Opgave", "Provinciale opgave", "Eerste voorstel", "%", "Voorstel inbreng", "%"],
        ["{{ r.categorie }}", "{{ r.opgave }}", "{{ r.eerste }}", "{{ r.eerste_pct }}", "{{ r.inbreng }}",
         "{{ r.inbreng_pct }}"],
        ["Totaal", "{{ provincie.totaal.opgave }}", "{{ provincie.totaal.eerste }}",
         "{{ provincie.totaal.eerste_pct }}", "{{ provincie.totaal.inbreng }}",
         "{{ provincie.totaal.inbreng_pct }}"],
        "provincie.rijen",
        [52, 24, 24, 16, 26, 18],
    )
    para(doc, "", after=6)

    heading(doc, "De volgende stap in de puzzel")
    body(doc, "Uitgangspunt van de Drentse aanpak is dat iedere gemeente bijdraagt aan de opvangopgaven, maar "
              "niet iedereen hoeft alles conform de vooraf aangegeven taakstelling te doen. We kunnen opgaven "
              "uitruilen.")
    body(doc, "{% if groepen.meer_oek.namen %}{{ groepen.meer_oek.de_gemeenten }} {{ groepen.meer_oek.hebben }} "
              "meer opvang voor ontheemden aangeboden dan de opgave en minder asiel. {% endif %}"
              "{% if groepen.meer_asiel.namen %}{{ groepen.meer_asiel.de_gemeenten }} "
              "{{ groepen.meer_asiel.hebben }} juist meer asiel aangeboden dan de opgave en minder opvang "
              "voor ontheemden. {% endif %}"
              "{% if groepen.beide.namen %}{{ groepen.beide.de_gemeenten }} {{ groepen.beide.bieden }} op "
              "beide opgaven ten minste het gevraagde.{% endif %}")
    body(doc, "{% if groepen.bijgesteld.namen %}Naar aanleiding van het eerste beeld is met "
              "{{ groepen.bijgesteld.de_gemeenten_klein }} gericht contact gezocht over een andere invulling "
              "van de opgave. {% endif %}Bovenstaand leidt concreet tot het voorstel in bijlage 1, met de "
              "voorgestelde bijstelling per gemeente.")

    heading(doc, "Samenvattend")
    body(doc, "Met bovenstaand voorstel wordt niet {{ asiel.eerste_pct }}, maar {{ asiel.inbreng_pct }} van de "
              "asielopgave gerealiseerd. De AMV-opgave wordt {{ amv.oordeel }} en de Oekraïne-opgave wordt op "
              "deze wijze {{ oek.oordeel }}. Alle gemeenten dragen substantieel bij aan de verschillende "
              "opgaven. De opgave voor statushouders blijft wel overeind.")
    body(doc, "Indien de leden van de PRT kunnen instemmen met de voorgestelde verdeling van de asiel- en "
              "vluchtelingenopgave over de Drentse gemeenten, wordt deze verdeling gegoten in een brief en voor "
              "het zomerreces aan de colleges van B&W gestuurd ter besluitvorming. Het resultaat vormt de basis "
              "voor de commissaris van de Koning in haar verslaglegging aan de minister van Asiel en Migratie.")

    # Bijlage 1: the table, on a landscape page.
    land = doc.add_section(WD_SECTION.NEW_PAGE)
    land.orientation = WD_ORIENT.LANDSCAPE
    land.page_width, land.page_height = Mm(297), Mm(210)
    land.left_margin = land.right_margin = Mm(15)
    land.top_margin = land.bottom_margin = Mm(15)
    para(doc, "Bijlage 1 — overzicht gegevens gemeenten", bold=True, size=12, after=6)
    memo_table(doc)
    para(doc, "", after=4)
    para(doc, "Alle cijfers zijn onder voorbehoud, ter ondersteuning aan het proces om te komen tot "
              "besluitvorming in het kader van de Drentse puzzel.", italic=True, size=8)
    return doc


def memo_table(doc) -> None:
    """The puzzel table: block headers, column headers, one row per gemeente, three summary rows."""
    data_cols = [c for c in COLUMNS if c.role is not Role.LABEL]
    ncols = 1 + len(data_cols)
    size = 8
    table = doc.add_table(rows=8, cols=ncols)
    table.style = doc.styles["Table Grid"]
    right = WD_ALIGN_PARAGRAPH.RIGHT
    center = WD_ALIGN_PARAGRAPH.CENTER
    ids = [c.id for c in data_cols]
    blocks = table.rows[0]
    set_cell(blocks.cells[0], "", size=size, shade=GREY)
    set_cell(blocks.cells[1], "", size=size, shade=GREY)
    for first, last, text in BLOCK_HEADERS:
        a, b = ids.index(first) + 1, ids.index(last) + 1
        cell = blocks.cells[a].merge(blocks.cells[b]) if a != b else blocks.cells[a]
        set_cell(cell, text, bold=True, size=size, align=center, shade=GREY)
    heads = table.rows[1]
    set_cell(heads.cells[0], "Gemeente", bold=True, size=size, shade=GREY)
    for i, col in enumerate(data_cols, start=1):
        set_cell(heads.cells[i], col.header, bold=True, size=size, align=right, shade=GREY)
    repeat_header(blocks)
    repeat_header(heads)
    set_cell(table.rows[2].cells[0], "{%tr for r in tabel.rijen %}", size=size)
    row = table.rows[3]
    set_cell(row.cells[0], "{{ r.gemeente }}", size=size)
    for i in range(len(data_cols)):
        set_cell(row.cells[i + 1], "{{ r.cellen[" + str(i) + "] }}", size=size, align=right)
    set_cell(table.rows[4].cells[0], "{%tr endfor %}", size=size)
    for row, key in zip(table.rows[5:8], ("totaal", "verschil", "landelijk")):
        set_cell(row.cells[0], "{{ tabel." + key + ".label }}", bold=key == "totaal", size=size)
        for i in range(len(data_cols)):
            set_cell(row.cells[i + 1], "{{ tabel." + key + ".cellen[" + str(i) + "] }}", bold=key == "totaal",
                     size=size, align=right)
    # 267 mm between the margins: gemeente names, the six-digit inwoners, then the counts.
    widths(table, [31, 18] + [218 / (len(data_cols) - 1)] * (len(data_cols) - 1))


def main() -> None:
    """Write both templates next to this script."""
    save(make_brief(), BRIEF)
    save(make_memo(), MEMO)
    print(f"geschreven: {BRIEF.name}, {MEMO.name}")


if __name__ == "__main__":
    main()
