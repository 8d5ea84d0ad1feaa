"""A separate process that writes expedientes against a file database (test_sync.py).

    python -m tests.search.sync_worker MODE DATABASE_URL INSTANCE FONDO_ID SERIE_ID UNIDAD_ID N

MODE `crash`: commit one expediente, then die by SIGKILL just before the index write.
MODE `write`: commit N expedientes one by one, each drained inline (or left to others).
"""

import os
import signal
import sys

from archivo import create_app
from archivo.auth.models import Usuario
from archivo.db import get_session
from archivo.records import service as records
from archivo.search.whoosh_backend import WhooshBackend


def main(mode, url, instance, fondo_id, serie_id, unidad_id, n):
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": instance,
            "SECRET_KEY": "x" * 40,
            "SEARCH_BACKEND": "whoosh",
            "SEARCH_SYNC_INLINE": True,
        }
    )
    if mode == "crash":

        def die(self, docs):
            os.kill(os.getpid(), signal.SIGKILL)  # the commit is done; the index is not

        WhooshBackend.index = die
    with app.app_context():
        actor = get_session().query(Usuario).filter_by(username="admin").one()
        for i in range(int(n)):
            records.create_expediente(
                actor,
                int(fondo_id),
                {
                    "serie_id": int(serie_id),
                    "unidad_id": int(unidad_id),
                    "titulo": f"Acuerdo {mode} {os.getpid()} número {i}",
                    "fecha_apertura": "2020-01-02",
                },
            )
    print("ok", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
