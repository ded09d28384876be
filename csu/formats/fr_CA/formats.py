"""fr-CA formats: one date and one time format on every page (CSV exports keep ISO dates).

Django's fr_CA writes the hour as "H\xa0h\xa0i", but `h` is a format character (the 12-hour hour), so 13:40 came out
as "13 01 40". The `h` is escaped here: "13 h 40". Dates are "1 déc. 2026" everywhere (Django's short date is ISO).
Anything not defined here comes from Django's module.
"""

DATE_FORMAT = "j N Y"  # 1 déc. 2026
TIME_FORMAT = "H\xa0\\h\xa0i"  # 13 h 40
DATETIME_FORMAT = "j N Y, H\xa0\\h\xa0i"  # 1 déc. 2026, 13 h 40
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j N"  # 1 déc.
