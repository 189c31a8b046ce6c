"""One exception family: every user-facing failure is a :class:`KgError`."""


class KgError(Exception):
    """Base of every error kg raises on purpose; the CLI prints its message."""


class InputError(KgError):
    """An input file cannot be read or parsed (encoding, JSON, missing field)."""


class RuleError(KgError):
    """A rule or lexicon file under ``kg/rules`` is malformed."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot be run."""


class OutputError(KgError):
    """An output cannot be written."""
