"""Loading the EAD3 schema once and validating documents against it."""

import functools
from pathlib import Path

from lxml import etree

SCHEMA = Path("/work/shared/schemas/ead3.xsd")
if not SCHEMA.exists():  # the repository checkout sits next to ../shared
    SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "ead3.xsd"
EAD3 = "{http://ead3.archivists.org/schema/}"


@functools.cache
def ead3_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def assert_valid_ead3(data: bytes) -> etree._Element:
    """Parse `data` and fail with the schema's own messages when it is not valid EAD3."""
    doc = etree.fromstring(data)
    schema = ead3_schema()
    if not schema.validate(doc):
        raise AssertionError("\n".join(str(e) for e in schema.error_log)[:4000])
    return doc
