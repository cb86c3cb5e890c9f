"""The import of scraped pages (``manage.py loadseeds``).

- ``pages``: read, parse, fingerprint and extract a file; no database (the worker half);
- ``rules``: what becomes of each story and teaser, once for both ways of writing;
- ``writer``: story by story against the database, one transaction a file;
- ``batch``: many files a transaction, rows of all-new pages bulk-inserted;
- ``resolve``: names -> one person, place or source record each;
- ``bulk``: bulk inserts of rows whose ids nobody reads back.
"""
