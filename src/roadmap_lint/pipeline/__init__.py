"""The order of the stages: read files, parse, local rules, external links, findings, report.

The library API lives here; the command line is a thin layer over it.
"""
