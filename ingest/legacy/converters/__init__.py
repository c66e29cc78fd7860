"""Converters from what legacy record cells hold to our values, one module per kind of value: ``cells`` (blank
cells, text, and the ``ConversionError`` every converter raises), ``numbers`` (whole numbers, amounts, FIR
numbers), ``dates`` (dates and times in IST, Excel serials too), ``words`` (status and other enumerated words,
yes/no) with their built-in tables in ``word_tables``, ``names`` (a name with the relative's name in the same
cell) and ``sections`` (act-and-section strings).

Each converter raises ``ConversionError`` with a reason code (counted in the import summary) and a message
that says what was found and what was expected.
"""
