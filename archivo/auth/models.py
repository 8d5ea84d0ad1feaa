"""Users, API tokens and login throttling."""

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archivo.auth.roles import Rol
from archivo.db import Base, created_at, intpk


class Usuario(Base):
    """A person who signs in; responsables de trámite are scoped to one unidad."""

    __tablename__ = "usuarios"

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(80), unique=True)
    nombre: Mapped[str] = mapped_column(String(160))
    cargo: Mapped[str | None] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    rol: Mapped[Rol]
    unidad_id: Mapped[int | None] = mapped_column(
        ForeignKey("unidades.id"), comment="Scope of a responsable de archivo de trámite"
    )
    activo: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    idioma: Mapped[str] = mapped_column(String(5), default="es")
    created_at: Mapped[created_at]

    unidad = relationship("UnidadAdministrativa", lazy="joined")

    @property
    def is_authenticated(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<Usuario {self.username} {self.rol}>"


class ApiToken(Base):
    """A bearer token; only its sha256 is stored, and it can expire or be revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuarios.id"), index=True)
    nombre: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(12), comment="First characters, to recognise it")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[created_at]
    expires_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]

    usuario: Mapped[Usuario] = relationship(lazy="joined")
