"""Sphinx configuration of the ironic-lite release notes (reno)."""

extensions = ['reno.sphinxext']
project = 'ironic-lite Release Notes'
copyright = 'ironic-lite developers'
master_doc = 'index'
source_suffix = '.rst'
html_theme = 'alabaster'
