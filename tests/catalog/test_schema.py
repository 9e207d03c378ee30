"""The shipped catalogs load and validate; broken copies are refused with
messages that name the file, the item or dimension, and the problem."""

import re
from pathlib import Path

import pytest

from genuinecare.catalog.reading import catalog_from_dict, load_catalog, load_catalogs
from genuinecare.catalog.schema import Catalog, CatalogError
from genuinecare.catalog.stages import STAGES_FILE, load_soil_stages
from genuinecare.insights.mirror import SOIL_STAGES

DATA = Path(__file__).resolve().parents[2] / "genuinecare" / "catalog" / "data"


def by_id() -> dict[str, Catalog]:
    return {catalog.id: catalog for catalog in load_catalogs(DATA)}


def broken_copy(tmp_path: Path, name: str, edit: tuple[str, str], *, item: str = "") -> Path:
    """Copy a shipped catalog, replacing ``edit[0]`` by ``edit[1]`` exactly once.

    With ``item``, the replacement happens inside that item's block only.
    """
    text = (DATA / name).read_text(encoding="utf-8")
    old, new = edit
    if item:
        start = text.index(f'id = "{item}"\n')
        end = text.find("[[items]]", start)
        end = len(text) if end == -1 else end
        block = text[start:end]
        assert block.count(old) == 1, f"{old!r} not once in item {item}"
        text = text[:start] + block.replace(old, new) + text[end:]
    else:
        assert text.count(old) == 1, f"{old!r} not once in {name}"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


# ---------------------------------------------------------------- shipped catalogs


def test_shipped_catalogs_load_with_unique_ids() -> None:
    catalogs = load_catalogs(DATA)

    assert [c.id for c in catalogs] == [
        "basics",
        "care",
        "purpose",
        "readiness",
        "recommend",
        "suppliers",
    ]
    assert {c.id: c.piece_number for c in catalogs} == {
        "basics": 2,
        "care": 3,
        "purpose": 1,
        "readiness": None,
        "recommend": None,
        "suppliers": None,
    }


def test_every_care_item_has_self_and_others_forms_in_both_languages() -> None:
    care = by_id()["care"]

    for item in care.items:
        assert item.others_text is not None, item.id
        for text in (item.self_text, item.others_text):
            assert text.en.strip() and text.de.strip(), item.id
        assert item.audience in ("employees", "customers"), item.id


def test_care_has_at_least_30_scored_items_and_3_per_dimension_and_audience() -> None:
    care = by_id()["care"]

    assert len(care.scored_items()) >= 30
    for dimension in care.scored_dimensions():
        items = [i for i in care.scored_items() if i.dimension == dimension.id]
        for audience in {i.audience for i in items}:
            assert sum(i.audience == audience for i in items) >= 3, dimension.id


def test_felt_care_is_asked_of_employees_and_of_customers() -> None:
    care = by_id()["care"]
    felt = [d.id for d in care.dimensions if d.group == "felt"]

    assert felt == ["heard", "cared_for", "recognised", "respected", "valued"]
    for dimension_id in felt:
        audiences = {i.audience for i in care.items if i.dimension == dimension_id}
        assert audiences == {"employees", "customers"}, dimension_id


def test_soil_index_draws_on_practice_and_soil_dimensions() -> None:
    care = by_id()["care"]

    assert [d.id for d in care.dimensions if d.in_soil_index] == [
        "care_individuals",
        "care_organisation",
        "care_customers",
        "care_suppliers",
        "care_community",
        "authenticity",
        "everybodys_job",
        "safe_roof",
        "pressure_shield",
        "co_creation",
    ]


def test_every_catalog_has_reverse_keyed_items_marked_in_the_file() -> None:
    for catalog in load_catalogs(DATA):
        if catalog.piece == "recommend":
            continue
        reverse = [i.id for i in catalog.items if i.reverse]
        assert reverse, catalog.id
        text = (DATA / f"{catalog.id}.toml").read_text(encoding="utf-8")
        assert text.count("# REVERSE-KEYED") == len(reverse), catalog.id


def test_every_scored_dimension_has_three_bilingual_suggestions() -> None:
    for catalog in load_catalogs(DATA):
        for dimension in catalog.dimensions:
            assert len(dimension.suggestions) == 3, (catalog.id, dimension.id)


def test_purpose_and_basics_have_at_least_8_scored_items() -> None:
    catalogs = by_id()

    assert len(catalogs["purpose"].scored_items()) == 9
    assert len(catalogs["basics"].scored_items()) == 9


def test_readiness_is_self_only_and_mixes_scaled_and_open_questions() -> None:
    readiness = by_id()["readiness"]

    assert {i.audience for i in readiness.items} == {"self"}
    assert all(i.others_text is None for i in readiness.items)
    assert {i.scale for i in readiness.items} == {"agree5", "open"}
    assert len(readiness.scored_items()) == 12


def test_recommend_asks_employees_customers_and_suppliers_on_0_to_10() -> None:
    recommend = by_id()["recommend"]

    ltr = {i.id: i.audience for i in recommend.items if i.scale == "ltr11"}
    assert ltr == {"place_to_work": "employees", "company": "customers", "customer": "suppliers"}
    assert recommend.scored_items() == ()


def test_german_texts_use_umlauts_not_transliterations() -> None:
    transliterated = re.compile(r"\b(fuer|ueber|Fuehr|koenn|moeg|waehr|Aender|Fuersorge)")
    for path in DATA.glob("*.toml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ".de =" in line or line.startswith("de ="):
                assert not transliterated.search(line), f"{path.name}:{number}"


def test_round_trip_through_dict_keeps_content_and_hash() -> None:
    for catalog in load_catalogs(DATA):
        copy = catalog_from_dict(catalog.to_dict())

        assert copy == catalog
        assert copy.content_hash == catalog.content_hash
        assert re.fullmatch(r"[0-9a-f]{64}", catalog.content_hash)


def test_content_hash_changes_with_wording(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path, "care.toml", ("I feel heard", "I feel listened to"), item="heard_e1"
    )

    assert load_catalog(path).content_hash != by_id()["care"].content_hash


def test_soil_stage_texts_match_the_stage_ids_of_the_scoring() -> None:
    stages = load_soil_stages(STAGES_FILE)

    assert [s.id for s in stages] == [stage for stage, _ in SOIL_STAGES]
    assert stages[0].name.de == "Brachland"


# ---------------------------------------------------------------- broken catalogs


def test_duplicate_item_id_is_refused(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "care.toml", ('id = "heard_e2"', 'id = "heard_e1"'))

    assert problems_of(path) == ["care.toml: item 'heard_e1': duplicate id; ids must be unique"]


def test_duplicate_dimension_id_is_refused(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path, "purpose.toml", ('id = "purpose_customer"', 'id = "purpose_clarity"')
    )

    assert "purpose.toml: dimension 'purpose_clarity': duplicate id; ids must be unique" in (
        problems_of(path)
    )


def test_missing_german_text_is_refused(tmp_path: Path) -> None:
    german = (
        'self.de = "Die Menschen in meinem Team fühlen sich gehört, wenn sie mit mir sprechen."\n'
    )
    path = broken_copy(tmp_path, "care.toml", (german, ""), item="heard_e1")

    assert problems_of(path) == ["care.toml: item 'heard_e1': self.de is missing or empty"]


def test_empty_german_suggestion_is_refused(tmp_path: Path) -> None:
    german = (
        'de = "Sehen Sie sich jeden Monat die drei häufigsten Beschwerden an '
        'und beseitigen Sie eine Ursache."'
    )
    path = broken_copy(tmp_path, "basics.toml", (german, 'de = "  "'))

    assert problems_of(path) == [
        "basics.toml: dimension 'problems_fixed': suggestion 2.de is missing or empty"
    ]


def test_unknown_dimension_is_refused(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path, "care.toml", ('dimension = "heard"', 'dimension = "hearing"'), item="heard_c1"
    )

    assert problems_of(path) == [
        "care.toml: item 'heard_c1': unknown dimension 'hearing'; declare it in [[dimensions]]",
        "care.toml: dimension 'heard': a scored dimension needs at least 3 agree5 items "
        "per audience; audience 'customers' has 2",
    ]


def test_bad_scale_is_refused(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path, "purpose.toml", ('scale = "agree5"', 'scale = "agree7"'), item="action_3"
    )

    assert problems_of(path) == [
        "purpose.toml: item 'action_3': 'scale' must be one of agree5, ltr11, open; got 'agree7'",
        "purpose.toml: dimension 'purpose_in_action': a scored dimension needs at least "
        "3 agree5 items per audience; audience 'employees' has 2",
    ]


def test_missing_reverse_on_a_scaled_item_is_refused(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "basics.toml", ("reverse = false\n", ""), item="easy_2")

    assert problems_of(path) == [
        "basics.toml: item 'easy_2': 'reverse' must be true or false on a scaled item, got None"
    ]


def test_dimension_with_two_items_is_refused(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path,
        "purpose.toml",
        ('dimension = "purpose_clarity"', 'dimension = "purpose_customer"'),
        item="clarity_3",
    )

    assert problems_of(path) == [
        "purpose.toml: dimension 'purpose_clarity': a scored dimension needs at least "
        "3 agree5 items per audience; audience 'employees' has 2"
    ]


@pytest.mark.parametrize(("version", "shown"), [("0", "0"), ('"1"', "'1'"), ("1.5", "1.5")])
def test_bad_version_is_refused(tmp_path: Path, version: str, shown: str) -> None:
    path = broken_copy(tmp_path, "care.toml", ("version = 2\n", f"version = {version}\n"))

    assert problems_of(path) == [
        f"care.toml: catalog 'care': 'version' must be a positive whole number, got {shown}"
    ]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "care.toml", ("version = 2\n", "version = -2\n"))
    text = path.read_text(encoding="utf-8").replace('scale = "agree5"', 'scale = "agree"', 1)
    text = text.replace("reverse = true\n", "reverse = 'yes'\n", 1)
    path.write_text(text, encoding="utf-8")

    problems = problems_of(path)

    assert (
        problems[0]
        == "care.toml: catalog 'care': 'version' must be a positive whole number, got -2"
    )
    assert (
        "care.toml: item 'heard_e1': 'scale' must be one of agree5, ltr11, open; got 'agree'"
        in (problems)
    )
    assert (
        "care.toml: item 'cared_for_e3': 'reverse' must be true or false on a scaled item, "
        "got 'yes'" in problems
    )


def test_others_form_on_a_self_only_item_is_refused(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path,
        "readiness.toml",
        ('audience = "self"\n', 'audience = "self"\nothers.en = "x"\nothers.de = "y"\n'),
        item="risks_1",
    )

    assert problems_of(path) == [
        "readiness.toml: item 'risks_1': an item for audience 'self' has no 'others' form"
    ]


def test_misspelt_field_is_refused(tmp_path: Path) -> None:
    path = broken_copy(
        tmp_path, "basics.toml", ("reverse = false", "reverce = false"), item="easy_3"
    )

    assert (
        "basics.toml: item 'easy_3': unknown field 'reverce' (allowed: id, dimension, scale, "
        "reverse, audience, circle, self, others)" in problems_of(path)
    )


def test_invalid_toml_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "piece4.toml"
    path.write_text('id = "piece4"\nversion = \n', encoding="utf-8")

    [problem] = problems_of(path)

    assert problem.startswith("piece4.toml: not valid TOML: ")


def test_catalog_id_used_twice_across_files_is_refused(tmp_path: Path) -> None:
    for name in ("care.toml", "stages.toml"):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "zz_care_copy.toml").write_text(
        (DATA / "care.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )

    with pytest.raises(CatalogError) as caught:
        load_catalogs(tmp_path)

    assert caught.value.problems == [
        "zz_care_copy.toml: catalog 'care': id already used by care.toml; "
        "give each catalog its own id"
    ]


def test_load_catalogs_reports_the_problems_of_every_file(tmp_path: Path) -> None:
    broken_copy(tmp_path, "care.toml", ("version = 2\n", "version = 0\n"))
    broken_copy(tmp_path, "purpose.toml", ('piece = "purpose"', 'piece = "piece6"'))

    with pytest.raises(CatalogError) as caught:
        load_catalogs(tmp_path)

    assert caught.value.problems == [
        "care.toml: catalog 'care': 'version' must be a positive whole number, got 0",
        "purpose.toml: catalog 'purpose': 'piece' must be one of purpose, basics, care, "
        "piece4, piece5, readiness, recommend, pulse; got 'piece6'",
    ]


def test_from_dict_validates_a_snapshot() -> None:
    data = by_id()["purpose"].to_dict()
    data["items"][0]["self"] = {"en": "Only English"}

    with pytest.raises(CatalogError) as caught:
        catalog_from_dict(data, source="snapshot 7")

    assert caught.value.problems == ["snapshot 7: item 'clarity_1': self.de is missing or empty"]
