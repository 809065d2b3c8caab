"""Tables for CH003 (`timestamp-id`): clock readings, conversions, sources of uniqueness."""

from __future__ import annotations

import re

# Calls that read the clock whatever their arguments.
CLOCK_CALLS = frozenset(
    {
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "django.utils.timezone.now",
        "arrow.now",
        "arrow.utcnow",
        "pendulum.now",
        "pandas.Timestamp.now",
        "pandas.Timestamp.utcnow",
    }
)
# Clock readings of day resolution: a per-day key is deliberate, never an id collision.
DAY_CALLS = frozenset({"datetime.date.today", "django.utils.timezone.localdate"})
# Calls that read the clock when given no time (`time.strftime(fmt)`), else convert the time
# they are given: how many positional arguments come before that time, and whether the
# result is text.
TIME_CONVERTERS = {
    "time.strftime": (1, True),
    "time.ctime": (0, True),
    "time.asctime": (0, True),
    "time.localtime": (0, False),
    "time.gmtime": (0, False),
    "time.mktime": (0, False),
    "calendar.timegm": (0, False),
    "datetime.datetime.fromtimestamp": (0, False),
    "datetime.datetime.utcfromtimestamp": (0, False),
}
# Modules (or calls) whose values make an id unique on their own.
ENTROPY_MODULES = (
    "uuid",
    "secrets",
    "random.SystemRandom",  # the OS's randomness, as `secrets` uses
    "os.urandom",
    "itertools.count",
    "shortuuid",
    "nanoid",
    "ulid",
    "ksuid",
    "cuid",
    "bson",
)
# Non-cryptographic randomness: a short suffix from it does not make a clock id unique.
WEAK_RANDOM = ("random", "numpy.random")
# Words in a variable or function name that say its value is random or a counter.
ENTROPY_WORDS = frozenset(
    {
        "uuid",
        "guid",
        "random",
        "rand",
        "nonce",
        "token",
        "secret",
        "salt",
        "entropy",
        "urandom",
        "counter",
        "count",
        "seq",
        "sequence",
        "serial",
        "incr",
        "increment",
        "ulid",
        "nanoid",
        "objectid",
    }
)
# Builtins that pass a clock value on: to text, or as a number.
TEXT_BUILTINS = frozenset({"str", "format", "repr", "hex", "oct"})
NUMBER_BUILTINS = frozenset({"int", "float", "round", "abs"})
# Methods that pass a clock value on: to text, as the same kind, or as a number.
TEXT_METHODS = frozenset(
    {"strftime", "isoformat", "ctime", "hexdigest", "hex", "decode", "encode", "digest"}
)
SAME_METHODS = frozenset(
    {
        "replace",
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "zfill",
        "ljust",
        "rjust",
        "split",
        "rsplit",
        "removeprefix",
        "removesuffix",
        "astimezone",
    }
)
NUMBER_METHODS = frozenset({"timestamp"})
DAY_METHODS = frozenset({"date", "toordinal"})  # a datetime cut down to its day
# `.get(key, default)` and friends: where the fallback value is.
DEFAULT_METHODS = {"get": 1, "pop": 1, "setdefault": 1, "getenv": 1}

# Every clock reading above comes from one of these modules.
CLOCK_MODULES = (
    "time",
    "datetime",
    "calendar",
    "django.utils.timezone",
    "arrow",
    "pendulum",
    "pandas",
)
# strftime directives finer than a day: hours, minutes, seconds, microseconds, epoch, ...
_SUB_DAY = re.compile(r"%[-_0^#]?[HIklMSfpcXTRrs]")


def day_format(value: object) -> bool:
    """Whether a constant strftime format shows nothing finer than a day (`%Y-%m-%d`)."""
    return isinstance(value, str) and _SUB_DAY.search(value) is None


def reads_clock_module(imported: str) -> bool:
    """Whether an imported name can lead to a clock reading (`datetime`, `django.utils`)."""
    return any(
        imported == module or imported.startswith(f"{module}.") or module.startswith(f"{imported}.")
        for module in CLOCK_MODULES
    )
