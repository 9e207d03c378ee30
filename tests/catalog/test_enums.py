import json

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.reading import catalog_from_dict, load_catalogs
from tests.catalog.test_schema import DATA


def test_a_catalog_read_from_its_file_or_its_snapshot_carries_scales() -> None:
    catalogs = load_catalogs(DATA)
    read = {type(item.scale) for c in catalogs for item in c.items}
    again = {type(i.scale) for c in catalogs for i in catalog_from_dict(c.to_dict()).items}
    assert read == again == {Scale}
    assert {item.scale for c in catalogs for item in c.items} == {"agree5", "ltr11", "open"}


def test_a_snapshot_writes_the_scale_words_of_the_file() -> None:
    catalogs = load_catalogs(DATA)
    written = {
        item["scale"] for c in catalogs for item in json.loads(json.dumps(c.to_dict()))["items"]
    }
    assert written == {"agree5", "ltr11", "open"}
    assert {type(word) for word in written} == {str}
