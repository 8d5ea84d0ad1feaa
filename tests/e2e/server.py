"""A live archivo server for the browser tests: temp SQLite DB, demo users, random port.

Run as `python -m tests.e2e.server DIR`; prints `PORT <n>` once it listens.
"""

import sys
from pathlib import Path

from werkzeug.serving import make_server

from archivo import create_app
from archivo.audit.models import AuditHead
from archivo.audit.service import GENESIS
from archivo.auth.roles import Rol
from archivo.auth.service import use_fast_hasher
from archivo.db import Base, make_engine

USERS = {"archivista": Rol.COORDINADOR, "auditora": Rol.AUDITOR, "coordinadora": Rol.COORDINADOR,
         "concentracion": Rol.RESPONSABLE_CONCENTRACION}
PASSWORD = "contraseña-segura-1"


def seed(app) -> None:
    """A fondo with its catalogue, a few expedientes and the two journey users."""
    import archivo.models  # noqa: F401
    from tests import factories as f

    engine = app.extensions["archivo.engine"]
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    with app.app_context():
        ctx = f.fondo(clave="IEEN")
        for i, year in enumerate(range(2012, 2025)):
            exp = f.expediente(ctx, titulo=f"Expediente de personal {i + 1}",
                               fecha_apertura=f"{year}-03-01")
            if year < 2022:
                from archivo.records import service as records
                records.close_expediente(ctx["actor"], exp.id,
                                         {"fecha_cierre": f"{year}-12-01", "fojas": 40 + i})
        for username, rol in USERS.items():
            f.user(rol, username=username)


def main(directory: str) -> None:
    use_fast_hasher()
    root = Path(directory)
    url = f"sqlite:///{root / 'e2e.sqlite3'}"
    app = create_app({"INSTANCE_PATH": str(root / "instance"), "DATABASE_URL": url,
                      "SECRET_KEY": "e2e-" + "x" * 40}, engine=make_engine(url))
    seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
