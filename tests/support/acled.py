"""Small ACLED-layout files written by the tests (Pakistani events, one TTP row each)."""
from __future__ import annotations

#: The header of a trimmed ACLED export (the columns these tests fill).
HEADER = "event_id_cnty,event_date,latitude,longitude,actor1,inter1,fatalities,admin1,location\n"


def acled_rows(n: int, start: int = 1) -> str:
    """``n`` good rows, event ids PAK<start>…, in ``HEADER``'s columns."""
    return "".join(f"PAK{i},2023-01-{1 + i % 28:02d},33.{i % 90:02d},70.5,TTP: Tehreek-i-Taliban Pakistan,"
                   f"Rebel group,{i % 4},Khyber Pakhtunkhwa,Bannu\n" for i in range(start, start + n))
