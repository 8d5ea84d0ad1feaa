"""Messages built in pure code (rules, models) that the UI still shows in the user's language.

Pure modules cannot import flask (CONVENTIONS.md), so they cannot translate; they keep the
msgid and its values in a `Mensaje`, and `archivo.labels.label` renders it per request.
"""

from collections.abc import Iterable


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a Spanish msgid for extraction (archivo.i18n's own N_ would import flask here)."""
    return message


class Mensaje(str):
    """A Spanish text that remembers its msgid and values, like a DomainError does.

    Wherever a `str` goes (comparisons, JSON details, the audit log) it is the Spanish text;
    the UI renders it in the user's language with `archivo.labels.label`, which translates
    `plantilla` and fills it with `valores` (enum codes among them get their labels).
    """

    plantilla: str | None = None  # None: a plain text, shown as it is
    valores: tuple[tuple[str, object], ...] = ()
    partes: tuple["Mensaje", ...] = ()  # set when several messages were joined

    @classmethod
    def de(cls, plantilla: str, **valores) -> "Mensaje":
        """`plantilla` (a Spanish msgid with {named} placeholders) filled with `valores`."""
        m = cls(plantilla.format(**valores))
        m.plantilla, m.valores = plantilla, tuple(valores.items())
        return m

    @classmethod
    def unidos(cls, mensajes: Iterable[str]) -> "Mensaje":
        """Several messages separated by a space, each one translated on its own."""
        partes = tuple(mensajes)
        m = cls(" ".join(partes))
        m.partes = partes
        return m
