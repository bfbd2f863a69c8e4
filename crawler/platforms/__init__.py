"""Small readers for the CMS families government portals run on.

Each module reads one family's list mechanics from a page; the spider runs every reader on
every page, so a portal's `platform` in the registry is a hint, not a promise.
"""
