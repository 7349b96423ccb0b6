"""The demo: its content as data (site, programme, people) and the code that builds it.

Only `manage.py demo_data` uses this package; nothing here runs in production.
"""
