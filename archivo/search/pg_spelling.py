"""'Did you mean' for PostgreSQL: a public word list with document counts.

The rules are spelling.correct's, as for Whoosh: only when the query found (almost)
nothing, only for words unknown to the audience's text, candidates from public titles
only, closest first and then the most frequent.
"""

from collections import Counter

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert

from archivo.search.pg_query import as_tsquery
from archivo.search.pg_schema import quote_lexeme
from archivo.search.spelling import correct


def apply_word_delta(conn, words, removed: list[list[str]], added: list[list[str]]) -> None:
    """Adjust document counts: `removed`/`added` are the spell lists of old/new rows."""
    delta = Counter()
    for spell in removed:
        delta.subtract(spell)
    for spell in added:
        delta.update(spell)
    rows = [{"word": w, "ndoc": n} for w, n in sorted(delta.items()) if n]
    if not rows:
        return
    stmt = insert(words).values(rows)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[words.c.word], set_={"ndoc": words.c.ndoc + stmt.excluded.ndoc}
        )
    )
    conn.execute(
        delete(words).where(words.c.word.in_([r["word"] for r in rows]), words.c.ndoc <= 0)
    )


def count_words_sql(docs_name: str, words_name: str) -> str:
    """Fill a words table from a documents table in one statement (rebuilds)."""
    return (
        f"INSERT INTO {words_name} (word, ndoc) "  # noqa: S608 - our own table names
        f"SELECT w, count(*) FROM {docs_name}, unnest(spell) AS w GROUP BY w"
    )


def suggest(conn, docs, words, column: str, query_words, total: int) -> str | None:
    """spelling.correct over the tables: a word is known when its stem is a lexeme of
    the audience's tsvector `column`; candidates come from the public word list."""
    return correct(
        query_words,
        total,
        lambda lexeme: _known(conn, docs, column, lexeme),
        lambda word: _closest(conn, words, word),
    )


def _known(conn, docs, column, lexeme) -> bool:
    match = docs.c[column].op("@@")(as_tsquery(quote_lexeme(lexeme)))
    return conn.execute(select(docs.c.id).where(match).limit(1)).first() is not None


def _closest(conn, words, word: str) -> str | None:
    # Same first letter (as Whoosh's prefix=1) and a length within the distance;
    # a records vocabulary has a few thousand words per letter at most.
    rows = conn.execute(
        select(words.c.word, words.c.ndoc).where(
            words.c.word.startswith(word[0], autoescape=True),
            func.length(words.c.word).between(len(word) - 2, len(word) + 2),
        )
    ).all()
    for maxdist in (1, 2):
        candidates = [(n, w) for w, n in rows if levenshtein(word, w, maxdist) <= maxdist]
        if candidates:
            return max(candidates)[1]
    return None


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance of a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
