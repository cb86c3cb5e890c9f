"""Arabic date formats: day, month, year, then the 24-hour time («1 ديسمبر 2026، 08:12»).

Django's own Arabic module leaves DATETIME_FORMAT to the US default («ديسمبر 1, 2026,
8:12 ص»). Input formats: ISO first (what the admin's date and time boxes show and its
calendar writes), day/month/year as typed by hand.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "j/n/Y، H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
# Hours and minutes first: that is what the admin's time box shows (a story's time to
# the second is not an editor's concern).
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
