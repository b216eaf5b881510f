"""Survey interoperability: instruments out to LimeSurvey (.lss), REDCap (data dictionary) and XLSForm;
responses in from LimeSurvey (.lsa, .lsr, CSV) and REDCap (CSV). See docs/survey-interop.md.

Plain modules around one neutral form (form.py): the format modules never import Django; services.py
is the only one that touches the database, through the surveys app's own services.
"""
