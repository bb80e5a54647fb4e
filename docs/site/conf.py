"""Sphinx configuration of the course's static reading site (Sphinx + MyST-NB + sphinx-book-theme).

Build it with ``make site`` (or ``python docs/site/build.py``); do not run sphinx-build on this
folder directly: ``build.py`` first gathers the lessons into a staging folder.

The lessons are rendered with the outputs saved in them: nothing is executed. Widgets cannot run
in a static page, so each widget shows the readable text fallback that the lesson saved with it.
"""

project = "Batch Processing on AWS"
author = "Batch Processing on AWS course authors"
copyright = "2026, the course authors"
language = "en"

extensions = ["myst_nb"]

# Lessons are committed executed; the site shows those outputs and never runs a kernel.
nb_execution_mode = "off"
# A widget's live view needs a kernel. Drop the widget view so that its text fallback shows, and
# load no widget JavaScript from a CDN (the site then works offline, opened straight from disk).
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}

myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

root_doc = "index"
# Exercise notebooks are copied next to the lessons only so that a lesson's link to its exercise
# becomes a download link; they are not pages of the site.
exclude_patterns = ["exercises/**", "_build", "**/.ipynb_checkpoints"]

html_theme = "sphinx_book_theme"
html_title = "Batch Processing on AWS"
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
}
html_show_sourcelink = False
html_copy_source = False
