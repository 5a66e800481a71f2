"""`pmlint report`: the incident index and a check run's findings as one report.

`data.py` computes the figures (the JSON form); `render.py` writes them as a self-contained
HTML page (inline SVG charts from `svg.py`, each with its data table) or as Markdown.
"""
