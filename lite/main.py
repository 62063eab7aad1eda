"""De knoppen van de puzzel in xlwings Lite: zonder macro's en zonder Python op de pc.

Elke knop hieronder doet precies wat dezelfde knop op het tabblad van de puzzel in
puzzel.xlsm doet: hij roept dezelfde functie van xlpuzzel aan (xlpuzzel.excel.dispatch;
dispatch_lite leest eerst de notities, die Lite alleen zo kan lezen). Wat Lite anders doet:
- Een vraag (ja/nee) kan Lite niet tijdens de klik stellen: zet het vinkje 'ja' boven de knop.
- Lite kent uw naam niet: vul 'gebruiker' in voor het Wijzigingslog.
- Brieven en memo komen in Lite's eigen bestanden (menu > Files > Import/Export), als
  Word-document; een PDF maakt Lite niet.
- 'Functies importeren' bestaat hier niet: de functies PUZZEL_... werken alleen met puzzel.xlsm.
- 'Nieuwe ronde' en 'Nieuwe puzzel' bestaan hier niet: ze lezen het opgeslagen bestand van de werkmap
  en maken een tweede werkmap, en Lite heeft geen van beide. Gebruik puzzel.xlsm of de opdrachten
  `puzzel nieuwe-ronde` en `puzzel nieuw`.
Zie README.md, 'Werken zonder macro's (xlwings Lite)'.
"""

import xlwings as xw
from xlwings import script

from xlpuzzel.excel import dispatch_lite


@script(name="Controleren")
async def controleer(book: xw.Book):
    """Rekent de puzzel na, zet de bevindingen op werkblad Controle en kleurt de cellen."""
    await dispatch_lite("controleer", book)


@script(name="Landelijk beeld")
async def landelijk_beeld(book: xw.Book):
    """Toont blad Landelijk: per kaart het percentage van het indicatief schema en de kleur."""
    await dispatch_lite("landelijk_beeld", book)


@script(name="Bijstellingen markeren")
async def markeer_bijstellingen(book: xw.Book, gebruiker: str = ""):
    """Markeert elke gewijzigde cel als tussentijds bijgesteld en logt hem. Vul uw naam in bij 'gebruiker'.

    In Lite krijgt een cel de kleur en vette letters van de celstijl, niet de celstijl zelf.
    """
    await dispatch_lite("markeer_bijstellingen", book, gebruiker=gebruiker)


@script(name="Basis vastleggen")
async def leg_basis_vast(book: xw.Book, gebruiker: str = "", ja: bool = False):
    """Maakt de huidige getallen de nieuwe basis. Zet 'ja' aan om dat te bevestigen; vul uw naam in."""
    await dispatch_lite("leg_basis_vast", book, ja=ja or None, gebruiker=gebruiker)


@script(name="Voorstel berekenen")
async def voorstel_berekenen(book: xw.Book, gebruiker: str = ""):
    """Berekent het voorstel voor bijstelling en zet het op werkblad Voorstel (in Lite rekent SciPy)."""
    await dispatch_lite("voorstel_berekenen", book, gebruiker=gebruiker)


@script(name="Voorstel overnemen")
async def voorstel_overnemen(book: xw.Book, gebruiker: str = "", ja: bool = False):
    """Zet het voorstel van werkblad Voorstel in de bijstellingen. Zet 'ja' aan om dat te bevestigen."""
    await dispatch_lite("voorstel_overnemen", book, ja=ja or None, gebruiker=gebruiker)


@script(name="Brieven maken")
async def brieven(book: xw.Book, ja: bool = False):
    """Maakt de brief aan elk college als Word-document in Lite's bestanden (geen PDF).

    Kloppen de cijfers of adressen niet, zet dan 'ja' aan om ze toch als CONCEPT te maken.
    """
    await dispatch_lite("brieven", book, ja=ja or None)


@script(name="Memo maken")
async def memo(book: xw.Book, ja: bool = False):
    """Maakt het memo Tussenstand als Word-document in Lite's bestanden (geen PDF); 'ja': toch als CONCEPT."""
    await dispatch_lite("memo", book, ja=ja or None)


@script(name="Over")
async def over(book: xw.Book):
    """Toont de versies van xlpuzzel, xlwings en Python."""
    await dispatch_lite("over", book)
