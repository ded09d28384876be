"""fr-CA formats that differ from Django's own (django/conf/locale/fr_CA/formats.py).

Django's fr_CA writes the hour as "H\xa0h\xa0i", but `h` is a format character (the 12-hour hour), so 13:40 came out
as "13 01 40". The `h` is escaped here: "13 h 40". Anything not defined here comes from Django's module.
"""

TIME_FORMAT = "H\xa0\\h\xa0i"  # 13 h 40
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"  # 22 novembre 2026, 13 h 40
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"  # 2026-11-22 13 h 40
