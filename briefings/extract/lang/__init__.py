"""Reports in other languages: detection (detect.py) and the data-driven extraction read from
briefings/data/lang/<code>.json (rules.py compiles a file; numbers, casualties, speakers, dates and foreign.py
read it). See docs/languages.md."""
