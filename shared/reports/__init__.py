"""Report exports: tables with Indonesian headers, CSV, XLSX, JSON and the monthly PDF.

The results come from ``shared.store.reports_db`` (which aggregates with ``shared.domain.reports``).
openpyxl and reportlab are imported only by the functions that need them."""
