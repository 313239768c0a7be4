"""Pages as readers see them: `check --render` loads HTML pages in headless Chromium (chromium.py,
the DevTools protocol over a pipe), keeps the browser off the network but for the page's own origin
(network.py), reads the DOM it built with the usual extraction and measures every label in the live
page (session.py, scripts.py, measure.py): size, weight, colours, axe-core's contrast, visibility and
place against the fold on a desktop and a phone screen. check.py wires it into the pipeline."""
