Attribute VB_Name = "PuzzelRibbon"
Option Explicit

' Alle knoppen van het tabblad van de puzzel roepen PuzzelKnop aan. Python
' (xlpuzzel.excel.dispatch) kiest aan de hand van de knop-id wat er gebeurt,
' dus een nieuwe knop heeft geen nieuwe VBA nodig.

Public Sub PuzzelKnop(control As IRibbonControl)
    RunPython "import xlpuzzel.excel as knop; knop.dispatch('" & control.Id & "')"
End Sub
