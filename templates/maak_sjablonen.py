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

from xlpuzzel.layout import COLUMNS, Role, block_headers

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
    # The sender of the documents (setting afzender_naam), rendered with them: the template names no province.
    props.author = "{{ afzender.naam }}"
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


def body(doc, text: str, *, keep: bool = False, after: float = 8):
    """A body paragraph with space after it; `keep` keeps it on the page of the next one."""
    p = para(doc, text, after=after)
    p.paragraph_format.keep_with_next = keep
    return p


def heading(doc, text: str, size: float = 11):
    """A bold section heading, never alone at the bottom of a page."""
    p = para(doc, text, bold=True, size=size, after=4, before=8)
    p.paragraph_format.keep_with_next = True
    return p


def bullet(doc, text: str, *, size: float | None = None, color: RGBColor | None = None, keep: bool = False):
    """A bulleted paragraph."""
    p = doc.add_paragraph(style="List Bullet")
    run = p.add_run(text)
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.keep_with_next = keep
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


# The schema fixes the order of these children (ECMA-376 Part 1, CT_TblPr and CT_TrPr); Word
# offers to "repair" a document that has them in another order, or one of them twice.
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
               "tblLook", "tblCaption", "tblDescription")
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")


def put_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Put `child` into `parent` at its place in the schema's order, replacing one of the same name."""
    name = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    later = order[order.index(name) + 1:]
    for i, existing in enumerate(parent):
        if existing.tag.split("}")[1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def no_borders(table) -> None:
    """Remove every border of a layout table."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    put_ordered(table._element.tblPr, borders, TBLPR_ORDER)


def widths(table, mm: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice both honour tcW with a fixed layout)."""
    table.autofit = False  # python-docx writes the one w:tblLayout type="fixed"
    grid = table._element.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, mm):
            cell.width = Mm(w)


def repeat_header(row) -> None:
    """Repeat a table's header row on every page (w:tblHeader is on/off: present means on)."""
    put_ordered(row._tr.get_or_add_trPr(), OxmlElement("w:tblHeader"), TRPR_ORDER)


def keep_row_together(row) -> None:
    """Do not split a table row over two pages."""
    put_ordered(row._tr.get_or_add_trPr(), OxmlElement("w:cantSplit"), TRPR_ORDER)


def keep_table_whole(table) -> None:
    """Keep every row with the next and no row split: the table moves to the next page as a whole."""
    rows = table.rows
    for i, row in enumerate(rows):
        keep_row_together(row)
        if i < len(rows) - 1:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def field(paragraph, instr: str, size: float = 8) -> None:
    """Append a Word field (PAGE, NUMPAGES) with a placeholder result."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    inner = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    inner.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    inner.append(t)
    fld.append(inner)
    paragraph._p.append(fld)


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
    """A small grey footer line ending in 'pagina N van M'."""
    p = section.footer.paragraphs[0]

    def grey(part: str) -> None:
        run = p.add_run(part)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    grey(text + "    pagina ")
    field(p, "PAGE")
    grey(" van ")
    field(p, "NUMPAGES")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def concept_paragraph(doc) -> None:
    """Red paragraphs at the top of the body, only for a concept: the mark and why."""
    para(doc, "{%p if concept %}")
    para(doc, "{{ markering }}: dit document is gemaakt ondanks fouten en is niet geschikt voor verzending. "
              "Wat er ontbreekt of niet klopt:", bold=True, color=RED, after=2)
    para(doc, "{%p for r in concept_redenen %}")
    bullet(doc, "{{ r }}", size=8.5, color=RED)
    para(doc, "{%p endfor %}")
    para(doc, "", after=6)
    para(doc, "{%p endif %}")


def loop_table(doc, headers: list[str], cells: list[str], total: list[str] | None, loop: str,
               mm: list[float], size: float = 9):
    """A bordered table kept whole: shaded header row, one row per item of `loop`, an optional bold total row."""
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
    set_cell(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    if total:
        for i, c in enumerate(total):
            set_cell(table.rows[4].cells[i], c, bold=True, size=size, align=None if i == 0 else right)
    widths(table, mm)
    keep_table_whole(table)
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


def address_block(doc) -> None:
    """Addressee left (window envelope position), sender block top right."""
    top = doc.add_table(rows=1, cols=2)
    no_borders(top)
    widths(top, [105, 60])
    left, right = top.rows[0].cells
    set_cell(left, "")
    for _ in range(4):
        para(left, "")
    for line in ("Het college van burgemeester en wethouders", "van de gemeente {{ gemeente.naam }}",
                 "{{ gemeente.adres.postadres }}", "{{ gemeente.adres.postcode_plaats }}"):
        para(left, line)
    set_cell(right, "{{ afzender.naam }}", bold=True, size=13)
    para(right, "")
    for line in ("{{ afzender.adres }}", "{{ afzender.postbus }}", "{{ afzender.postcode_plaats }}", "",
                 "{{ contact.telefoon }}", "{{ contact.email }}"):
        para(right, line, size=8.5)


def reference_block(doc) -> None:
    """Datum, kenmerk, onderwerp, deadline and bijlage as one aligned table: label and value on one baseline."""
    rows = (("Datum", "{{ plaats }}, {{ datum }}"), ("Ons kenmerk", "{{ kenmerk }}"),
            ("Onderwerp", "{{ onderwerp }}"), ("Uw besluit vóór", "{{ besluit_uiterlijk }}"),
            ("Bijlage", "overzicht {{ puzzel_naam }} (alle gemeenten)"))
    meta = doc.add_table(rows=len(rows), cols=2)
    no_borders(meta)
    for row, (label, value) in zip(meta.rows, rows):
        set_cell(row.cells[0], label, size=9)
        row.cells[0].paragraphs[0].runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        set_cell(row.cells[1], value, size=9, bold=label == "Onderwerp")
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    widths(meta, [32, 133])


def make_brief() -> Document:
    """Letter to one college van B&W with its part of the puzzel, and the whole table as bijlage."""
    doc = new_document("Brief aan het college: {{ onderwerp }}")
    section = doc.sections[0]
    concept_header(section)
    footer(section, "{{ afzender.naam }} · {{ afzender.adres }} · {{ afzender.postbus }}, "
                    "{{ afzender.postcode_plaats }} · kenmerk {{ kenmerk }}")
    address_block(doc)
    para(doc, "", after=24)
    reference_block(doc)
    para(doc, "", after=12)

    concept_paragraph(doc)
    body(doc, "Geacht college,")
    body(doc, "Op {{ prt_datum }} heeft de provinciale regietafel asiel {{ provincie_naam }} (PRT) ingestemd met "
              "de verdeling van de asiel- en vluchtelingenopgave voor {{ periode.tekst }} over de "
              "{{ aantal_gemeenten }} gemeenten in {{ provincie_naam }}: {{ puzzel_naam }}. Uitgangspunt is dat "
              "iedere gemeente bijdraagt aan de opvangopgaven, maar niet iedere gemeente alles conform de "
              "taakstelling hoeft te doen: opgaven kunnen worden uitgeruild. Met deze brief leggen wij de "
              "voorgestelde inbreng van uw gemeente aan u voor, ter besluitvorming.")

    heading(doc, "De inbreng van de gemeente {{ gemeente.naam }}")
    body(doc, "Per doelgroep ziet u de opgave van uw gemeente, uw eerste voorstel, de bijstelling die de PRT "
              "voorstelt ten behoeve van de puzzel en de voorgestelde inbreng, met het deel van uw opgave en "
              "het verschil in plaatsen.", keep=True, after=6)
    loop_table(
        doc,
        ["Doelgroep", "{{ koppen.opgave_oek }}", "{{ koppen.eerste_oek }}", "{{ koppen.bijstelling_oek }}",
         "{{ koppen.inbreng_oek }}", "% van de opgave", "Verschil met de opgave"],
        ["{{ r.categorie }}", "{{ r.opgave }}", "{{ r.eerste }}", "{{ r.bijstelling }}", "{{ r.inbreng }}",
         "{{ r.pct }}", "{{ r.verschil }}"],
        ["Totaal", "{{ gemeente.totaal.opgave }}", "{{ gemeente.totaal.eerste }}",
         "{{ gemeente.totaal.bijstelling }}", "{{ gemeente.totaal.inbreng }}", "{{ gemeente.totaal.pct }}",
         "{{ gemeente.totaal.verschil }}"],
        "gemeente.rijen",
        [36, 18, 27, 26, 23, 17, 18],
        size=8.5,
    )
    para(doc, "", after=6)
    para(doc, "{%p if gemeente.ruil %}")
    body(doc, "De voorgestelde bijstelling ruilt plaatsen tussen de doelgroepen: {{ gemeente.ruil }}")
    para(doc, "{%p endif %}")
    body(doc, "Wat dit voor uw gemeente betekent:", keep=True, after=2)
    para(doc, "{%p for r in gemeente.rijen %}")
    bullet(doc, "{{ r.zin }}")
    para(doc, "{%p endfor %}")
    bullet(doc, "{{ gemeente.totaal.zin }}")
    para(doc, "", after=4)

    heading(doc, "{{ provincie_naam }} als geheel")
    body(doc, "Voor heel {{ provincie_naam }} komt de voorgestelde inbreng uit op {{ provincie.beeld }}."
              "{% if provincie.tekorten %} Er blijft daarmee een tekort van {{ provincie.tekorten }}.{% endif %} "
              "In de bijlage vindt u de hele puzzel: de opgave, het eerste voorstel, de bijstelling en de "
              "voorgestelde inbreng van elke gemeente. Een percentage onder de opgave is naar beneden afgerond.")

    heading(doc, "Ons verzoek")
    body(doc, "Wij vragen uw college om in te stemmen met de voorgestelde inbreng van uw gemeente en ons uw "
              "besluit uiterlijk {{ besluit_uiterlijk }} te laten weten. Het resultaat vormt de basis voor de "
              "verslaglegging van de commissaris van de Koning aan de minister van Asiel en Migratie.")
    # The last paragraph travels with the closing and the signature: they are never alone on a page.
    body(doc, "Voor vragen over deze brief kunt u contact opnemen met {{ contact.naam }}, telefoon "
              "{{ contact.telefoon }}, e-mail {{ contact.email }}. Wilt u bij uw reactie ons kenmerk "
              "{{ kenmerk }} vermelden?", keep=True)
    for text, after in (("Hoogachtend,", 0), ("namens de provinciale regietafel asiel {{ provincie_naam }},", 36),
                        ("{{ ondertekenaar.naam }}", 0)):
        p = para(doc, text, after=after, bold=text.startswith("{{ ondertekenaar"))
        p.paragraph_format.keep_with_next = True
    para(doc, "{{ ondertekenaar.functie }}", size=9)

    bijlage(doc, "Bijlage — {{ puzzel_naam }}: overzicht gegevens gemeenten, stand {{ datum }}")
    return doc


def bijlage(doc, title: str) -> None:
    """The whole puzzel table on its own landscape page, with how to read it."""
    land = doc.add_section(WD_SECTION.NEW_PAGE)
    land.orientation = WD_ORIENT.LANDSCAPE
    land.page_width, land.page_height = Mm(297), Mm(210)
    land.left_margin = land.right_margin = Mm(15)
    land.top_margin = land.bottom_margin = Mm(15)
    para(doc, title, bold=True, size=12, after=6).paragraph_format.keep_with_next = True
    memo_table(doc)
    para(doc, "", after=4)
    para(doc, "Alle cijfers zijn onder voorbehoud, ter ondersteuning aan het proces om te komen tot "
              "besluitvorming in het kader van {{ puzzel_naam }}. Een percentage onder de opgave is naar beneden "
              "afgerond, zodat het nooit een tekort verbergt; een streepje is nul.", italic=True, size=8)


# --- the memo ---------------------------------------------------------------------------


def memo_voorstel(doc) -> None:
    """Voorstel: what the PRT is asked."""
    heading(doc, "Voorstel")
    body(doc, "Met deze memo wordt u:", keep=True, after=2)
    bullet(doc, "geïnformeerd over de wijze waarop de verdeling van de asiel- en vluchtelingenopgave in "
                "{{ provincie_naam }} tot stand is gekomen;", keep=True)
    bullet(doc, "voorgesteld in te stemmen met de verdeling van de asiel- en vluchtelingenopgave over de gemeenten "
                "en deze ter besluitvorming voor te leggen aan de colleges van B&W.")


def memo_aanleiding(doc) -> None:
    """Aanleiding: the Spreidingswet, the Staatssecretaris' letter, the PRT's three principles."""
    heading(doc, "Aanleiding")
    body(doc, "De Spreidingswet is op 1 februari 2024 in werking getreden. In de brief van de Staatssecretaris van "
              "Justitie en Veiligheid bent u geïnformeerd over de inwerkingtreding van deze wet en wat dit betekent "
              "voor uw gemeente. Daarin is aangegeven dat de provinciale regietafels aan zet zijn om te komen tot "
              "een passende invulling van de provinciale opgave.")
    body(doc, "Op {{ aanleiding.prt_datum }} hebben we in de provinciale regietafel {{ provincie_naam }} hierover "
              "gesproken. Kort samengevat is afgesproken dat:", keep=True, after=2)
    bullet(doc, "we voortbouwen op wat we in {{ provincie_naam }} al hebben gerealiseerd: de bestaande asiel- en "
                "Oekraïne-opvanglocaties blijven we zoveel als mogelijk inzetten om te voorzien in de (acute) "
                "behoefte aan (nood)opvangplekken;", keep=True)
    bullet(doc, "alle gemeenten een evenredige bijdrage leveren aan de opgaven binnen de asiel- en "
                "vluchtelingenketen;", keep=True)
    bullet(doc, "we in eerste aanleg op basis van vrijwilligheid tot een passende verdeling van de opgaven over de "
                "gemeenten willen komen. Lukt dat niet, dan is het wettelijk kader van de Spreidingswet leidend.")
    para(doc, "", after=4)
    body(doc, "Vervolgens zijn de colleges van B&W gevraagd om, aan de hand van een (indicatieve) taakstelling, per "
              "opgave aan te geven wat zij kunnen leveren. Inmiddels hebben alle {{ aantal_gemeenten }} gemeenten "
              "hun inzet voor {{ periode.tekst }} gedeeld. Dit geeft het volgende beeld.")


def memo_stand_van_zaken(doc) -> None:
    """Stand van zaken per opgave: Oek, asiel, AMV, statushouders and Nidos, with the province's table."""
    heading(doc, "Stand van zaken per opgave", size=12)
    heading(doc, "Ontheemden uit Oekraïne")
    body(doc, "In {{ provincie_naam }} zijn op dit moment ({{ realisatie_peildatum }}) {{ oek.gerealiseerd }} bedden "
              "gerealiseerd, waarvan er {{ oek.leeg }} leeg staan. De opgave was {{ oek.opgave_vorige }} bedden "
              "({{ periode.vorige_datum }}) en groeit door naar {{ oek.opgave }} bedden per "
              "{{ periode.opgave_datum }}.{% if oek.toelichting %} {{ oek.toelichting }}{% endif %} In hun eerste "
              "voorstel bieden de gemeenten samen {{ oek.eerste }} bedden ({{ oek.eerste_pct }}) aan."
              "{% if oek.eerste_tekort %} We komen dan nog {{ oek.eerste_tekort }} bedden tekort per "
              "{{ periode.opgave_datum }}.{% endif %}{% if oek.eerste_boven %} Dat is {{ oek.eerste_boven }} "
              "bedden boven de opgave.{% endif %}")
    heading(doc, "Asiel (Spreidingswet)")
    body(doc, "De Spreidingswet geeft aan dat in {{ provincie_naam }} {{ asiel.opgave }} reguliere opvangplekken voor "
              "asiel moeten worden gerealiseerd en {{ amv.opgave }} opvangplekken voor AMV. De "
              "{{ aantal_gemeenten }} gemeenten bieden gezamenlijk voor {{ periode.jaar }} {{ asiel.eerste }} "
              "({{ asiel.eerste_pct }}) opvangplekken aan{% if periode.tweede_jaar %} en voor "
              "{{ periode.tweede_jaar }} {{ asiel.tweede }} ({{ asiel.tweede_pct }}){% endif %}."
              "{% if asiel.eerste_boven %} Dat is in {{ periode.jaar }} {{ asiel.eerste_boven }} plekken boven de "
              "opgave.{% endif %}{% if asiel.eerste_tekort %} Dat is in {{ periode.jaar }} "
              "{{ asiel.eerste_tekort }} plekken minder dan de opgave.{% endif %}"
              "{% if asiel.toelichting %} {{ asiel.toelichting }}{% endif %}")
    heading(doc, "AMV")
    body(doc, "Voor AMV hebben we conform de wet een opgave van {{ amv.opgave }} plekken. Op dit moment zijn er "
              "{{ amv.gerealiseerd }} plekken gerealiseerd. In hun eerste voorstel geven de gemeenten aan voor "
              "{{ periode.jaar }} voornemens te zijn {{ amv.eerste }} ({{ amv.eerste_pct }}) plekken te "
              "realiseren{% if periode.tweede_jaar %} en voor {{ periode.tweede_jaar }} {{ amv.tweede }} "
              "({{ amv.tweede_pct }}){% endif %}.{% if amv.eerste_tekort %} Na de eerste uitvraag komen we in "
              "{{ periode.jaar }} nog {{ amv.eerste_tekort }} plekken tekort.{% endif %}{% if amv.eerste_boven %} "
              "Dat is {{ amv.eerste_boven }} plekken boven de opgave.{% endif %}"
              "{% if amv.toelichting %} {{ amv.toelichting }}{% endif %}")
    heading(doc, "Statushouders en Nidos")
    body(doc, "Bij statushouders, evenals jonge statushouders (Nidos), is sprake van halfjaarlijkse opgaven. Deze "
              "opgaven zijn steeds moeilijker te halen. In het kader van {{ puzzel_naam }} zijn nog géén concrete "
              "voorstellen gedaan om tot een uitwisseling tussen gemeenten te komen. Iedere gemeente concentreert "
              "zich op haar eigen opgave en vanuit de provincie wordt nagedacht hoe zij hierin kan ondersteunen.")
    heading(doc, "Eerste voorstellen en voorgestelde inbreng, opgeteld")
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
    para(doc, "Een percentage onder de opgave is naar beneden afgerond. Bijlage 1 geeft de cijfers per gemeente.",
         italic=True, size=8, after=6)


def memo_landelijk_beeld(doc) -> None:
    """Landelijk beeld: the LRT dashboard's cards from sheet Landelijk (left out when the workbook has no such sheet)."""
    para(doc, "{%p if landelijk_beeld %}")
    heading(doc, "Landelijk beeld", size=12)
    body(doc, "{{ landelijk_beeld.tekst }}")
    para(doc, "{%p endif %}")


def memo_prognose_statushouders(doc) -> None:
    """Prognose statushouders: the backlog to the horizon from sheet Prognose (left out without that sheet)."""
    para(doc, "{%p if prognose_statushouders %}")
    heading(doc, "Prognose statushouders", size=12)
    body(doc, "{{ prognose_statushouders.tekst }}")
    para(doc, "{%p endif %}")


def memo_voorstel_en_waarom(doc) -> None:
    """Het voorstel en waarom: who was asked to swap what, and against whom it is weighed."""
    heading(doc, "Het voorstel en waarom", size=12)
    body(doc, "Uitgangspunt van de aanpak in {{ provincie_naam }} is dat iedere gemeente bijdraagt aan de "
              "opvangopgaven, maar niet iedereen hoeft alles conform de vooraf aangegeven taakstelling te doen: we "
              "kunnen opgaven uitruilen.")
    body(doc, "{% if groepen.meer_oek.namen %}{{ groepen.meer_oek.de_gemeenten }} {{ groepen.meer_oek.hebben }} "
              "meer opvang voor ontheemden aangeboden dan de opgave en minder asiel. {% endif %}"
              "{% if groepen.meer_asiel.namen %}{{ groepen.meer_asiel.de_gemeenten }} "
              "{{ groepen.meer_asiel.hebben }} juist meer asiel aangeboden dan de opgave en minder opvang voor "
              "ontheemden. {% endif %}"
              "{% if groepen.beide.namen %}{{ groepen.beide.de_gemeenten }} {{ groepen.beide.bieden }} op beide "
              "opgaven ten minste het gevraagde.{% endif %}")
    para(doc, "{%p if ruilen %}")
    body(doc, "Naar aanleiding van dit eerste beeld is met {{ groepen.bijgesteld.de_gemeenten_klein }} gericht contact "
              "gezocht om te vragen of zij tot een andere invulling van de opgave willen komen. Het voorstel voor "
              "bijstelling:", keep=True, after=2)
    para(doc, "{%p for r in ruilen %}")
    bullet(doc, "{{ r.zin }}")
    para(doc, "{%p endfor %}")
    para(doc, "", after=4)
    body(doc, "{% if groepen.meer_asiel.namen %}Dit kan in de puzzel worden weggestreept tegen het ruimere aanbod "
              "asiel van {{ groepen.meer_asiel.de_gemeenten_klein }}.{% endif %} Bijlage 1 geeft het voorstel per "
              "gemeente.")
    para(doc, "{%p endif %}")


def memo_samenvattend(doc) -> None:
    """Samenvattend: the proposal's result per category, and what follows if the PRT agrees."""
    heading(doc, "Samenvattend", size=12)
    body(doc, "Met bovenstaand voorstel wordt niet {{ asiel.eerste_pct }}, maar {{ asiel.inbreng_pct }} van de "
              "asielopgave gerealiseerd. De AMV-opgave wordt {{ amv.oordeel }} en de Oekraïne-opgave wordt op deze "
              "wijze {{ oek.oordeel }}.{% if provincie.tekorten %} Er blijft een tekort van "
              "{{ provincie.tekorten }}.{% endif %} Alle gemeenten dragen substantieel bij aan de verschillende "
              "opgaven. Het voorstel sluit aan bij wat al is opgebouwd in {{ provincie_naam }} en bij de wensen en "
              "verschillen van de gemeenten.")
    body(doc, "De opgave voor statushouders blijft wel overeind. Een meerderheid van de gemeenten geeft aan moeite "
              "te hebben deze uitdaging te realiseren. Naast het realiseren van wat hier wordt voorgesteld, vraagt "
              "ook het realiseren van de taakstellingen rond statushouders en Nidos de nodige inspanning en "
              "bestuurlijke slagvaardigheid.")
    body(doc, "Indien de leden van de PRT kunnen instemmen met de voorgestelde verdeling, wordt deze verdeling "
              "gegoten in een brief en voor het zomerreces aan de colleges van B&W gestuurd ter besluitvorming. Het "
              "resultaat vormt de basis voor de verslaglegging van de commissaris van de Koning aan de minister "
              "van Asiel en Migratie.")


def memo_voorbehoud(doc) -> None:
    """Voorbehoud: not yet agreed by every college; the status of the offers (collegebesluit or ambtelijk)."""
    heading(doc, "Voorbehoud", size=12)
    body(doc, "Alle cijfers zijn onder voorbehoud, ter ondersteuning aan het proces om te komen tot besluitvorming "
              "in het kader van {{ puzzel_naam }}. Het voorstel voor bijstelling is besproken met de betreffende "
              "gemeenten, maar nog niet door alle gemeenten bestuurlijk geaccordeerd. Ter vergadering kunnen "
              "cijfers gewijzigd of aangevuld worden.")
    body(doc, "De opgaven verschillen per gemeente qua status: een deel is gebaseerd op een collegebesluit, een "
              "ander deel is ambtelijk doorgegeven, op basis van bestuurlijke toetsing door de portefeuillehouder.")


#: The memo's sections in order (each a function of the document); add a section by adding one here.
MEMO_SECTIES = (memo_voorstel, memo_aanleiding, memo_stand_van_zaken, memo_landelijk_beeld,
                memo_prognose_statushouders, memo_voorstel_en_waarom, memo_samenvattend, memo_voorbehoud)


def make_memo() -> Document:
    """Memo 'Tussenstand {{ puzzel_naam }} en een voorstel voor {{ periode }}' with bijlage 1."""
    doc = new_document("Tussenstand {{ puzzel_naam }}")
    section = doc.sections[0]
    concept_header(section)
    footer(section, "{{ afzender.naam }} · Tussenstand {{ puzzel_naam }} · versie {{ versie_datum }}")

    para(doc, "{{ afzender.naam }}", size=9, color=RGBColor(0x59, 0x59, 0x59), after=14)
    title = para(doc, "Tussenstand “{{ puzzel_naam }}” en een voorstel voor {{ periode.vast }}", bold=True,
                 size=14, after=4)
    title.paragraph_format.keep_with_next = True
    para(doc, "Versie {{ versie_datum }} — voor de provinciale regietafel van {{ prt_datum }}", italic=True,
         after=12)
    concept_paragraph(doc)
    for sectie in MEMO_SECTIES:
        sectie(doc)
    bijlage(doc, "Bijlage 1 — overzicht gegevens gemeenten")
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
    # The block headers carry the years of setting 'periode', as on sheet Puzzel.
    for n, (first, last, _text) in enumerate(block_headers()):
        a, b = ids.index(first) + 1, ids.index(last) + 1
        cell = blocks.cells[a].merge(blocks.cells[b]) if a != b else blocks.cells[a]
        set_cell(cell, "{{ tabel.blokken[" + str(n) + "].tekst }}", bold=True, size=size, align=center, shade=GREY)
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
    keep_table_whole(table)


def main() -> None:
    """Write both templates next to this script."""
    save(make_brief(), BRIEF)
    save(make_memo(), MEMO)
    print(f"geschreven: {BRIEF.name}, {MEMO.name}")


if __name__ == "__main__":
    main()
