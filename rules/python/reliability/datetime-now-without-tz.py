import datetime as dt
from datetime import datetime, timezone

# ruleid: datetime-now-without-tz
created = datetime.now()

# ruleid: datetime-now-without-tz
stamp = dt.datetime.utcnow()

# ok: datetime-now-without-tz
aware = datetime.now(timezone.utc)

# ok: datetime-now-without-tz
local = datetime.now(tz=ZoneInfo("Europe/Paris"))

# ok: datetime-now-without-tz
doc = "call datetime.now() with a tz"

# ok: datetime-now-without-tz
today = date.today()  # not datetime.now() at all
