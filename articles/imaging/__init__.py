"""Photos in plain Python with Pillow, no Django: checking and cleaning an upload
(``clean.py``) and making the sizes readers are served (``renditions.py``)."""
