"""Arabic plural forms for counted phrases (plain Python, no Django).

Arabic has six (CLDR): zero (0), one (1), two (2), few (3-10), many (11-99) and other
(100-102, ...), chosen by the number modulo 100 for few and many. Each phrase is given in
every form, with ``{n}`` where the number is written: «ساعة», «ساعتان», «3 ساعات»,
«11 ساعة», «100 ساعة».
"""

from __future__ import annotations

from dataclasses import dataclass

FORMS = ("zero", "one", "two", "few", "many", "other")


def plural_form(n: int) -> str:
    """The CLDR Arabic plural category of a whole number."""
    n = abs(int(n))
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


@dataclass(frozen=True)
class Phrase:
    """A counted phrase in each of the six forms (``{n}`` is the number)."""

    zero: str
    one: str
    two: str
    few: str
    many: str
    other: str

    def __call__(self, n: int) -> str:
        return getattr(self, plural_form(n)).format(n=n)


# «قبل …» phrases: how long ago, by the unit that fits.
MINUTES_AGO = Phrase(
    zero="الآن",
    one="قبل دقيقة",
    two="قبل دقيقتين",
    few="قبل {n} دقائق",
    many="قبل {n} دقيقة",
    other="قبل {n} دقيقة",
)
HOURS_AGO = Phrase(
    zero="قبل أقل من ساعة",
    one="قبل ساعة",
    two="قبل ساعتين",
    few="قبل {n} ساعات",
    many="قبل {n} ساعة",
    other="قبل {n} ساعة",
)
