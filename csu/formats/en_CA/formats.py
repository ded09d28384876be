"""en-CA formats: one date and one time format on every page (CSV exports keep ISO dates).

Django's en_CA writes "25 Oct 2006" and "P" for times ("10 a.m.", "4:32 p.m.", "noon"): the unit reads dates as
"Dec. 1, 2026" and times always with their minutes, "10:00 a.m.". Anything not defined here comes from Django's module.
"""

DATE_FORMAT = "N j, Y"  # Dec. 1, 2026
TIME_FORMAT = "g:i a"  # 10:00 a.m.
DATETIME_FORMAT = "N j, Y, g:i a"  # Dec. 1, 2026, 10:00 a.m.
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "N j"  # Dec. 1
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
