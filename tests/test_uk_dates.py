"""'Today' and the date of a moment are the UK's, everywhere (app.core.clock): the server's
own date, or a UTC moment's, puts a corrective action completed at 00:30 on 16 July (UK
time) on 15 July, and counts a period a day early or late."""
import re
from datetime import date, datetime
from pathlib import Path

from app.audits.action_service import figures
from app.core.clock import uk_today

APP = Path(__file__).resolve().parents[1] / "app"
SERVER_DATE = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)|\bdatetime\.utcnow\(\)|\bdatetime\.today\(\)")


def test_no_code_asks_the_server_for_its_own_date():
    found = [f"{p.relative_to(APP.parent)}:{n}" for p in APP.rglob("*.py")
             for n, line in enumerate(p.read_text().splitlines(), 1) if SERVER_DATE.search(line)]
    assert found == [], "use app.core.clock.uk_today() (or utcnow() for a moment)"


def test_an_action_done_just_after_midnight_uk_time_is_on_time_by_the_uk_date():
    due = date(2026, 7, 16)
    done_at_0030_uk = datetime(2026, 7, 15, 23, 30)  # stored in UTC: 00:30 on 16 July in the UK (BST)
    result = figures([(due, done_at_0030_uk)], date(2026, 7, 1), date(2026, 7, 31), date(2026, 8, 1))
    assert (result.completed_on_time, result.completed_late) == (1, 0)
    late = figures([(date(2026, 7, 15), done_at_0030_uk)], date(2026, 7, 1), date(2026, 7, 31), date(2026, 8, 1))
    assert (late.completed_on_time, late.completed_late) == (0, 1)  # due the 15th, done on the 16th UK time


def test_uk_today_at_the_edges_of_a_uk_day():
    assert uk_today(datetime(2026, 7, 15, 23, 30)) == date(2026, 7, 16)  # BST: already the 16th
    assert uk_today(datetime(2026, 12, 31, 23, 30)) == date(2026, 12, 31)  # GMT: still the 31st
