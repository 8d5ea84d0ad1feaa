"""`flask export ead3|ead2002|atom-csv`: scopes, public version, errors."""

from lxml import etree

from tests.interop.helpers import assert_valid_ead3


def test_export_commands(described, app, tmp_path):
    runner = app.test_cli_runner()
    clave = described["fondo"].clave
    out = tmp_path / "fondo.xml"
    result = runner.invoke(args=["export", "ead3", "--fondo", clave, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "expedientes exportados" in result.output
    assert b"Juana" in out.read_bytes()
    assert_valid_ead3(out.read_bytes())
    result = runner.invoke(args=["export", "ead3", "--fondo", clave, "--serie", "4C.4",
                                 "--publico", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = assert_valid_ead3(out.read_bytes())
    assert doc.find("{http://ead3.archivists.org/schema/}archdesc").get("level") == "series"
    out2 = tmp_path / "s.xml"
    result = runner.invoke(args=["export", "ead2002", "--fondo", clave, "--seccion", "4C",
                                 "-o", str(out2)])
    assert result.exit_code == 0 and etree.parse(str(out2)).getroot().tag.endswith("ead")
    csv_out = tmp_path / "atom.csv"
    result = runner.invoke(args=["export", "atom-csv", "--fondo", clave, "-o", str(csv_out)])
    assert result.exit_code == 0 and csv_out.read_bytes().startswith(b"legacyId")


def test_export_errors_leave_no_file(described, app, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "x.xml"
    result = runner.invoke(args=["export", "ead3", "--fondo", described["fondo"].clave,
                                 "--serie", "99Z.9", "-o", str(out)])
    assert result.exit_code != 0 and "No existe la serie 99Z.9" in result.output
    result = runner.invoke(args=["export", "ead3", "--fondo", "NOEXISTE", "-o", str(out)])
    assert result.exit_code != 0
    assert not out.exists()
