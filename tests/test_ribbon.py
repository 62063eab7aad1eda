"""The ribbon: its XML against our schema, its callbacks in VBA, and its place in the .xlsm."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import textwrap
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from xlpuzzel.vba import (
    RIBBON_SCHEMA,
    RIBBON_SOURCE,
    build_vba_project,
    embed_vba_and_ribbon,
    ensure_ribbon_relationship,
    ribbon_xml,
    vba_sources,
)

NS = "http://schemas.microsoft.com/office/2009/07/customui"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SYSTEM_PYTHON = "/usr/bin/python3"

BUTTONS_BY_GROUP = {
    "Controleren": ["controleer"],
    "Landelijk": ["landelijk_beeld"],
    "Bijstellingen": ["markeer_bijstellingen", "leg_basis_vast"],
    "Voorstel": ["voorstel_berekenen", "voorstel_overnemen"],
    "Documenten": ["brieven", "memo"],
    "Ronde": ["nieuwe_ronde", "nieuwe_puzzel"],
    "Hulp": ["functies_importeren", "over"],
}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(RIBBON_SCHEMA)))


@pytest.fixture(scope="module")
def ribbon() -> etree._Element:
    return etree.fromstring(ribbon_xml())


@pytest.fixture(scope="module")
def xlsx_parts() -> dict[str, bytes]:
    """A small workbook as openpyxl writes it: the input the real builder gives us."""
    book = openpyxl.Workbook()
    book.active.title = "Puzzel"
    book.active["A1"] = "Gemeente"
    book.create_sheet("Instellingen")
    buffer = io.BytesIO()
    book.save(buffer)
    return unzip(buffer.getvalue())


@pytest.fixture(scope="module")
def xlsm_parts(xlsx_parts) -> dict[str, bytes]:
    return embed_vba_and_ribbon(xlsx_parts, build_vba_project(), ribbon_xml())


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: n != "[Content_Types].xml"):
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), parts[name])
    return buffer.getvalue()


def relationships(part: bytes) -> list[dict[str, str]]:
    return [dict(rel.attrib) for rel in etree.fromstring(part).iter(PKG_REL)]


def content_types(part: bytes) -> dict[str, str]:
    root = etree.fromstring(part)
    types = {f"*.{d.get('Extension')}": d.get("ContentType") for d in root.iter(f"{CT}Default")}
    types.update({o.get("PartName"): o.get("ContentType") for o in root.iter(f"{CT}Override")})
    return types


# --- the ribbon XML and its schema ---------------------------------------------------------


def test_ribbon_validates_against_the_subset_schema(schema, ribbon):
    """customUI14.xml is valid against ribbon/customui14-subset.xsd."""
    assert schema.validate(ribbon), schema.error_log


def mutate(replace: str, by: str) -> etree._Element:
    text = RIBBON_SOURCE.read_text(encoding="utf-8")
    assert replace in text
    return etree.fromstring(text.replace(replace, by, 1).encode())


@pytest.mark.parametrize(
    ("replace", "by", "error"),
    [
        ('<group id="grpHulp"', '<gallery id="galerij"/><group id="grpHulp"', "gallery"),
        ('keytip="C"', 'keytip="C" kleur="rood"', "kleur"),
        ('<tab id="tabPuzzel"', '<tab id="tabPuzzel" onAction="PuzzelKnop"', "onAction"),
        ('size="large" imageMso="Lock"', 'size="huge" imageMso="Lock"', "size"),
        ('id="memo"', 'id="brieven"', "brieven"),
        ('keytip="C"', 'keytip="ABCD"', "keytip"),
        ('<ribbon>', '<ribbon startFromScratch="misschien">', "startFromScratch"),
    ],
    ids=["unknown-element", "unknown-attribute", "attribute-on-wrong-element", "bad-size", "duplicate-id",
         "long-keytip", "bad-boolean"],
)
def test_schema_rejects_invalid_ribbons(schema, replace, by, error):
    """Unknown elements or attributes, a bad size, a duplicate id and bad values all fail."""
    assert not schema.validate(mutate(replace, by))
    assert error in str(schema.error_log)


def test_schema_accepts_every_element_of_the_subset(schema):
    """A ribbon using every element and the common attributes of the subset is valid."""
    sample = f"""
    <customUI xmlns="{NS}" onLoad="Geladen">
      <ribbon startFromScratch="false">
        <tabs>
          <tab idMso="TabHome" visible="true">
            <group id="g1" label="Groep" insertAfterMso="GroupClipboard" getVisible="Zichtbaar"
                   imageMso="HappyFace" screentip="s" supertip="t" keytip="G" autoScale="true">
              <button id="b1" label="Knop" size="large" imageMso="HappyFace" onAction="Actie"
                      getEnabled="Aan" showLabel="true" showImage="false" description="d" tag="t"/>
              <separator id="sep1"/>
              <toggleButton id="t1" label="Aan/uit" getPressed="Ingedrukt" onAction="Wissel" size="normal"/>
              <box id="box1" boxStyle="horizontal">
                <labelControl id="l1" label="Tekst" enabled="false"/>
                <button id="b2" image="eigenPlaatje" getLabel="Label"/>
              </box>
              <menu id="m1" label="Menu" itemSize="large" size="large">
                <button id="m1b1" label="Item" description="Uitleg" onAction="Actie"/>
                <menuSeparator id="ms1" title="Kopje"/>
                <toggleButton id="m1t1" label="Vink" onAction="Wissel"/>
                <menu id="m2" label="Submenu"><button id="m2b1" label="Diep"/></menu>
              </menu>
              <splitButton id="sb1" size="large">
                <button id="sb1b" label="Split" onAction="Actie"/>
                <menu id="sb1m"><button id="sb1m1" label="Optie" onAction="Actie"/></menu>
              </splitButton>
              <dialogBoxLauncher><button id="dl1" screentip="Meer" onAction="Actie"/></dialogBoxLauncher>
            </group>
          </tab>
        </tabs>
      </ribbon>
    </customUI>"""
    assert schema.validate(etree.fromstring(sample)), schema.error_log


def test_schema_has_no_wildcards():
    """The schema never allows unknown content: no xs:any and no xs:anyAttribute."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    schema_doc = etree.parse(str(RIBBON_SCHEMA))
    assert not list(schema_doc.iter(f"{xs}any", f"{xs}anyAttribute"))


def test_ribbon_has_one_tab_with_the_four_groups_and_exact_button_ids(ribbon):
    """The puzzel's tab holds the groups and the button ids the Python dispatcher expects."""
    (tab,) = ribbon.iter(f"{{{NS}}}tab")
    # The source's label is neutral; the build puts the puzzel's own name on it (test_nieuw).
    assert (tab.get("id"), tab.get("label")) == ("tabPuzzel", "Puzzel")
    found = {
        group.get("label"): [button.get("id") for button in group.iter(f"{{{NS}}}button")]
        for group in tab.iter(f"{{{NS}}}group")
    }
    assert found == BUTTONS_BY_GROUP


def test_every_button_has_dutch_texts_a_builtin_icon_and_the_one_callback(ribbon):
    """Each button has label, screentip, supertip, imageMso and onAction PuzzelKnop."""
    for button in ribbon.iter(f"{{{NS}}}button"):
        for attribute in ("label", "screentip", "supertip", "imageMso"):
            assert button.get(attribute), (button.get("id"), attribute)
        assert button.get("onAction") == "PuzzelKnop"


def test_every_control_has_exactly_one_kind_of_id(ribbon):
    """Tabs, groups and buttons carry exactly one of id, idMso and idQ, as Office requires."""
    for element in ribbon.iter(f"{{{NS}}}tab", f"{{{NS}}}group", f"{{{NS}}}button"):
        assert sum(element.get(a) is not None for a in ("id", "idMso", "idQ")) == 1


def ribbon_callbacks(sources: dict[str, str]) -> set[str]:
    """Names of Subs with the ribbon callback signature, as Module.Sub and as Sub."""
    pattern = re.compile(
        r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+(\w+)[ \t]*\([ \t]*(?:ByRef[ \t]+|ByVal[ \t]+)?"
        r"\w+[ \t]+As[ \t]+IRibbonControl[ \t]*\)",
        re.MULTILINE | re.IGNORECASE,
    )
    names = set()
    for module, source in sources.items():
        for sub in pattern.findall(source):
            names |= {sub, f"{module}.{sub}"}
    return names


def test_every_on_action_names_a_vba_sub_taking_the_ribbon_control(ribbon):
    """Every onAction callback exists as Sub X(control As IRibbonControl) in the VBA sources."""
    callbacks = ribbon_callbacks(vba_sources())
    actions = {element.get("onAction") for element in ribbon.iter() if element.get("onAction")}
    assert actions and actions <= callbacks


def test_ribbon_callback_hands_the_button_id_to_the_python_dispatcher():
    """PuzzelKnop passes control.Id to xlpuzzel.excel.dispatch through RunPython, and is the only Sub."""
    source = vba_sources()["PuzzelRibbon"]
    assert "RunPython \"import xlpuzzel.excel as knop; knop.dispatch('\" & control.Id & \"')\"" in source
    assert re.findall(r"^\s*(?:Public\s+|Private\s+)?(?:Sub|Function)\s+(\w+)", source, re.MULTILINE) == ["PuzzelKnop"]


# --- embedding in the package ---------------------------------------------------------------


def test_package_relationships_link_the_ribbon(xlsm_parts):
    """_rels/.rels has the ui/extensibility relationship to customUI/customUI14.xml."""
    rels = relationships(xlsm_parts["_rels/.rels"])
    assert [r["Target"] for r in rels if r["Type"] == RIBBON_REL] == ["customUI/customUI14.xml"]
    assert xlsm_parts["customUI/customUI14.xml"] == ribbon_xml()


def test_workbook_relationships_link_the_vba_project(xlsm_parts):
    """xl/_rels/workbook.xml.rels points at vbaProject.bin, which holds the built project."""
    rels = relationships(xlsm_parts["xl/_rels/workbook.xml.rels"])
    assert [r["Target"] for r in rels if r["Type"] == VBA_REL] == ["vbaProject.bin"]
    assert len({r["Id"] for r in rels}) == len(rels)
    assert xlsm_parts["xl/vbaProject.bin"] == build_vba_project()


def test_content_types_declare_a_macro_enabled_workbook(xlsm_parts):
    """The workbook is macroEnabled.main+xml, vbaProject.bin is vbaProject, the ribbon plain XML."""
    types = content_types(xlsm_parts["[Content_Types].xml"])
    assert types["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert types["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    assert types.get("/customUI/customUI14.xml", types["*.xml"]) == "application/xml"


def test_workbook_is_bound_to_the_this_workbook_module(xlsm_parts):
    """workbookPr carries codeName ThisWorkbook, the document module in the VBA project."""
    pr = etree.fromstring(xlsm_parts["xl/workbook.xml"]).find(f"{MAIN}workbookPr")
    assert pr.get("codeName") == "ThisWorkbook"


def test_workbook_pr_is_added_in_schema_order_when_missing(xlsx_parts):
    """A workbook without workbookPr gets one after fileVersion, before bookViews."""
    book = etree.fromstring(xlsx_parts["xl/workbook.xml"])
    book.remove(book.find(f"{MAIN}workbookPr"))
    book.insert(0, etree.Element(f"{MAIN}fileVersion", appName="xl"))
    parts = dict(xlsx_parts, **{"xl/workbook.xml": etree.tostring(book)})
    result = etree.fromstring(embed_vba_and_ribbon(parts, b"vba", b"<x/>")["xl/workbook.xml"])
    assert [etree.QName(c).localname for c in result][:3] == ["fileVersion", "workbookPr", "workbookProtection"]


def test_parts_that_need_no_change_keep_their_bytes(xlsx_parts, xlsm_parts):
    """Sheets, styles and properties are copied byte for byte and keep their order."""
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml", "docProps/core.xml"):
        assert xlsm_parts[name] == xlsx_parts[name]
    assert list(xlsm_parts)[: len(xlsx_parts)] == list(xlsx_parts)


def test_embedding_twice_gives_the_same_parts_as_once(xlsm_parts):
    """embed_vba_and_ribbon is idempotent."""
    assert embed_vba_and_ribbon(xlsm_parts, build_vba_project(), ribbon_xml()) == xlsm_parts


def test_embedding_replaces_an_earlier_project_and_drops_its_signature(xlsm_parts):
    """A second embed swaps the project bytes; a stale VBA signature is removed with its content type."""
    signed = dict(xlsm_parts)
    signed["xl/vbaProjectSignature.bin"] = b"sig"
    signed["xl/_rels/vbaProject.bin.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'vbaProjectSignature" Target="vbaProjectSignature.bin"/></Relationships>'
    )
    signed["[Content_Types].xml"] = signed["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/vbaProjectSignature.bin" ContentType="x"/></Types>'
    )
    result = embed_vba_and_ribbon(signed, b"new project", ribbon_xml())
    assert result["xl/vbaProject.bin"] == b"new project"
    assert "xl/vbaProjectSignature.bin" not in result and "xl/_rels/vbaProject.bin.rels" not in result
    assert b"vbaProjectSignature" not in result["[Content_Types].xml"]


def test_openpyxl_loads_the_package_with_keep_vba(xlsm_parts, tmp_path):
    """openpyxl opens the .xlsm with keep_vba=True and sees our sheets and VBA project."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(zipped(xlsm_parts))
    book = openpyxl.load_workbook(path, keep_vba=True)
    assert book.sheetnames == ["Puzzel", "Instellingen"]
    assert book.vba_archive.read("xl/vbaProject.bin") == xlsm_parts["xl/vbaProject.bin"]
    book.vba_archive.close()


def test_ensure_ribbon_relationship_restores_what_openpyxl_drops(xlsm_parts, tmp_path):
    """After an openpyxl save the ribbon link is gone; ensure_ribbon_relationship puts it back."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(zipped(xlsm_parts))
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb.save(path)
    wb.vba_archive.close()  # openpyxl leaves it open; closing avoids a warning at garbage collection
    saved = unzip(path.read_bytes())
    assert "customUI/customUI14.xml" in saved
    assert not [r for r in relationships(saved["_rels/.rels"]) if r["Type"] == RIBBON_REL]
    repaired = ensure_ribbon_relationship(saved)
    assert [r["Target"] for r in relationships(repaired["_rels/.rels"]) if r["Type"] == RIBBON_REL] == [
        "customUI/customUI14.xml"
    ]
    assert ensure_ribbon_relationship(repaired) == repaired


def test_ensure_ribbon_relationship_leaves_a_package_without_ribbon_alone(xlsx_parts):
    """Without a customUI14 part nothing changes."""
    assert ensure_ribbon_relationship(xlsx_parts) == xlsx_parts


# --- LibreOffice reads the project ----------------------------------------------------------

UNO_SCRIPT = textwrap.dedent(
    """
    import json, subprocess, sys, time
    import uno
    from com.sun.star.beans import PropertyValue

    path, profile, pipe = sys.argv[1:4]
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         "--accept=pipe,name=" + pipe + ";urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 40
        while True:
            try:
                ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or office.poll() is not None:
                    raise
                time.sleep(0.25)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        hidden = PropertyValue()
        hidden.Name, hidden.Value = "Hidden", True
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (hidden,))
        libraries = doc.BasicLibraries
        result = {"libraries": list(libraries.getElementNames()), "modules": {}}
        if libraries.hasByName("VBAProject"):
            libraries.loadLibrary("VBAProject")
            library = libraries.getByName("VBAProject")
            result["modules"] = {name: library.getByName(name) for name in library.getElementNames()}
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office process
        print(json.dumps(result))
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
    """
)


def system_python_with_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], check=False, env=clean_env(), capture_output=True)
    return probe.returncode == 0


def clean_env() -> dict[str, str]:
    # The system Python must not pick up this virtualenv's packages or home.
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PYENV"))}


def lo_body(code: str) -> list[str]:
    """Module lines without the header LibreOffice adds (Rem Attribute, Option VBASupport, ...)."""
    lines = code.replace("\r\n", "\n").split("\n")
    drop = ("Rem Attribute VBA_ModuleType=", "Option VBASupport", "Option ClassModule")
    return "\n".join(line for line in lines if not line.startswith(drop)).strip("\n").split("\n")


def our_body(code: str) -> list[str]:
    lines = code.replace("\r\n", "\n").split("\n")
    # LibreOffice drops module and procedure attributes (Attribute X.VB_Description = ...).
    kept = (line for line in lines if not line.lstrip().startswith("Attribute "))
    return "\n".join(kept).strip("\n").split("\n")


def _libreoffice_modules(workbook: Path, tmp_path: Path) -> dict[str, object]:
    """Open `workbook` in LibreOffice through UNO; its Basic libraries and VBAProject modules."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not system_python_with_uno():
        pytest.skip(f"{SYSTEM_PYTHON} with the uno module is not available")
    script = tmp_path / "uno_probe.py"
    script.write_text(UNO_SCRIPT, encoding="utf-8")
    pipe = f"xlpuzzel-{uuid.uuid4().hex}"
    run = subprocess.run(
        [SYSTEM_PYTHON, str(script), str(workbook), str(tmp_path / "lo-profile"), pipe],
        check=False, env=clean_env(), capture_output=True, text=True, timeout=90, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _assert_modules_are_our_sources(result: dict[str, object]) -> None:
    assert "VBAProject" in result["libraries"]
    modules = result["modules"]
    assert sorted(modules) == sorted(vba_sources())
    for name, source in vba_sources().items():
        assert lo_body(modules[name]) == our_body(source), name


@pytest.mark.slow
def test_libreoffice_lists_every_module_of_the_vba_project_with_its_code(xlsm_parts, tmp_path):
    """LibreOffice opens a built .xlsm and shows each module of library VBAProject with our code."""
    workbook = tmp_path / "puzzel.xlsm"
    workbook.write_bytes(zipped(xlsm_parts))
    _assert_modules_are_our_sources(_libreoffice_modules(workbook, tmp_path))


@pytest.mark.slow
def test_libreoffice_lists_the_modules_of_the_shipped_workbook(tmp_path):
    """The committed puzzel.xlsm itself opens in LibreOffice with every module of our VBA sources."""
    workbook = tmp_path / "puzzel.xlsm"
    workbook.write_bytes((Path(__file__).resolve().parent.parent / "puzzel.xlsm").read_bytes())
    _assert_modules_are_our_sources(_libreoffice_modules(workbook, tmp_path))
