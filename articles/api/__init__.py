"""The read API (``/api/v1/``): stories in IPTC ninjs, people, places, sources, tags and
sections, for anonymous readers (the site's own ``published()`` rule) and for staff with a
token (their admin rights, drafts included, marked). Thin views over the models' querysets;
the story document is built in ``ninjs.py``, who may see what is decided in ``access.py``.
"""
