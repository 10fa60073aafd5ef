"""The US equity market calendar the producer needs: trading days and the session in UTC."""

import datetime as dt

# NYSE full-day closures (nyse.com holidays and trading hours), 2025-2027. Days outside this range
# fall back to weekdays only.
NYSE_HOLIDAYS = frozenset(
    dt.date.fromisoformat(d)
    for d in (
        "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26",
        "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
        "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
        "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25",
        "2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18",
        "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24",
    )
)


def is_trading_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in NYSE_HOLIDAYS


def _nth_sunday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (6 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def new_york_utc_offset_hours(day: dt.date) -> int:
    """-4 under US daylight time (second Sunday of March to first Sunday of November), else -5.

    The market session never touches the 02:00 switch, so a whole day has one offset.
    """
    start = _nth_sunday(day.year, 3, 2)
    end = _nth_sunday(day.year, 11, 1)
    return -4 if start <= day < end else -5


def session_utc_ms(day: dt.date) -> tuple[int, int]:
    """Epoch milliseconds of 09:30 and 16:00 New York time on `day`."""
    offset = new_york_utc_offset_hours(day)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    base = int(midnight.timestamp()) * 1000 - offset * 3_600_000
    return base + (9 * 60 + 30) * 60_000, base + 16 * 60 * 60_000
