"""Tussentijdse bijstellingen: baseline, automatic flags and notes, the append-only log.

Modules: :mod:`.waarden` (values by meaning, Dutch text, the note), :mod:`.plan` (types and
the two plans), :mod:`.bladen` (sheets Basis and Wijzigingslog as cells).

Pure: no I/O, no clock. Time and user are parameters, so the CLI (file writer,
:mod:`xlpuzzel.patch`) and the ribbon button (xlwings) call the same functions and apply
the same plan.

Rules decided here:

- **Baseline** (:class:`Basis`): the value of every input cell (gemeente x input column of
  :data:`~xlpuzzel.layout.INPUT_COLUMNS`) as last agreed, with when and by whom it was set.
  A cell's identity is (gemeente, column id), robust to moved rows; the cell address at
  baseline time is kept too. A gemeente missing from the baseline is matched by its
  row in the table, counted from the table's first row (a renamed gemeente, also after a row
  was inserted above the table); failing that its baseline is blank.
- **Comparison by meaning**: blank, '-', 'n.v.t.' and 0 all mean "nothing offered"; '1.077'
  typed as text equals 1077; 'ntb' is not a number and differs from every number.
- **Log rows** (:class:`LogRegel`): a new row when a cell's value differs (by meaning) from the
  last logged 'nieuw' for that cell since the last baseline, else from the baseline value;
  that reference value is the row's 'oud'. So a rerun adds nothing and a second change of
  the same cell logs the intermediate value as 'oud'. A baseline marker row (kolom
  :data:`BASIS_KOLOM`, no cel) starts every baseline; "since the baseline" means after the
  last marker in (tijdstip, row) order, where within one second change rows come before a
  marker (a new baseline logs open changes in its own second), so a log sorted by hand on any
  column means the same. The CLI never dates new rows before the log's last row
  (:func:`vroegste_tijdstip`).
- **Gemeente names** are the cells' identity: an empty or twice typed name is refused.
- **Flags**: a cell whose value differs from the baseline carries the named style and a note
  ``Tussentijds bijgesteld op 27-11-2026 door <gebruiker>: was 128, nu 0.``, where 'was' is
  the baseline value and date and user are those of the cell's last log row. The tool's
  note is recognised by its first line starting with :data:`NOTE_PREFIX`; anything after
  that first line is the user's own note text and is kept. A note is (re)written when a
  new log row is made or when it is missing; an existing tool note is otherwise left alone.
  A cell equal to its baseline loses the tool's note (and style). Other cells are not in
  the plan at all.
- **New baseline** (:func:`leg_basis_vast`): changes not yet logged are logged first (so no
  history is lost), then a marker row; every tool note is removed.
- **Scope**: the gemeente rows of the input columns. Totals set by CBS or the ministry and
  the national row are not tracked (they are not agreed at the PRT).
- **Sheets** (:mod:`.bladen`): Basis holds `gezet op` as ISO text (never reinterpreted by
  Excel), `gezet door`, `omschrijving`, then a table gemeente | rij | one column per input
  column id. Wijzigingslog holds A..I = Datum-tijd (a real date-time) | Gebruiker | Gemeente
  | Kolom (label as in messages) | Cel | Oude waarde | Nieuwe waarde | Bron | Toelichting;
  numbers as numbers, blank as 'leeg'. Marker rows read gemeente 'alle gemeenten', kolom
  'basis vastgelegd', bron = the baseline's omschrijving. A proposal written to sheet Voorstel
  (:mod:`xlpuzzel.voorstel`) logs a row with kolom 'voorstel berekend' and no cell; it changes
  no cell and starts no baseline. A hand-broken sheet is refused
  with a Dutch message naming the cell and the repair (:class:`BijstellingError`).
"""

from __future__ import annotations

from xlpuzzel.bijstelling.bladen import (
    basis_cellen,
    basis_uit_cellen,
    log_kop_cellen,
    log_uit_cellen,
    logregel_cellen,
    pseudoniemen_uit_cellen,
    volgende_logrij,
)
from xlpuzzel.bijstelling.plan import (
    Basis,
    BasisCel,
    BasisPlan,
    LogRegel,
    MarkeerPlan,
    Markering,
    Ontmarkering,
    basis_regel,
    controleer_gemeentenamen,
    controleer_samenhang,
    laatste_regels,
    leg_basis_vast,
    markeer_bijstellingen,
    op_volgorde,
    vroegste_tijdstip,
)
from xlpuzzel.bijstelling.waarden import (
    ALLE_GEMEENTEN,
    BASIS_KOLOM,
    DEFAULT_BRON,
    LEEG,
    NOTE_PREFIX,
    VOORSTEL_KOLOM,
    BijstellingError,
    Sleutel,
    betekenis,
    is_tool_note,
    nl_waarde,
    notitie_tekst,
    opgeslagen_waarde,
    parse_tijdstip,
    sleutel,
    strip_tool_note,
    zelfde,
)

__all__ = [
    "ALLE_GEMEENTEN",
    "BASIS_KOLOM",
    "DEFAULT_BRON",
    "LEEG",
    "NOTE_PREFIX",
    "VOORSTEL_KOLOM",
    "Basis",
    "BasisCel",
    "BasisPlan",
    "BijstellingError",
    "LogRegel",
    "MarkeerPlan",
    "Markering",
    "Ontmarkering",
    "Sleutel",
    "basis_cellen",
    "basis_regel",
    "basis_uit_cellen",
    "betekenis",
    "controleer_gemeentenamen",
    "controleer_samenhang",
    "is_tool_note",
    "laatste_regels",
    "leg_basis_vast",
    "log_kop_cellen",
    "log_uit_cellen",
    "logregel_cellen",
    "markeer_bijstellingen",
    "nl_waarde",
    "notitie_tekst",
    "op_volgorde",
    "opgeslagen_waarde",
    "parse_tijdstip",
    "pseudoniemen_uit_cellen",
    "sleutel",
    "strip_tool_note",
    "volgende_logrij",
    "vroegste_tijdstip",
    "zelfde",
]
