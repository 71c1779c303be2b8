"""python-docx writer: oxml.py touches XML, writer.py builds the report."""
