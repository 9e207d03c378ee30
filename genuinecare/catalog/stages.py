"""Names and meanings of the soil stages, read from ``data/stages.toml``.

The stage ids and thresholds belong to the scoring (``SOIL_STAGES`` in
``genuinecare.insights.mirror``); this module only reads what people see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from genuinecare.catalog.reading import FieldReader, read_toml
from genuinecare.catalog.schema import CatalogError
from genuinecare.lib.i18n import Text

STAGES_FILE = Path(__file__).parent / "data" / "stages.toml"


@dataclass(frozen=True)
class SoilStage:
    """The bilingual name and meaning of one soil stage."""

    id: str
    name: Text
    meaning: Text


def load_soil_stages(path: Path | str = STAGES_FILE) -> tuple[SoilStage, ...]:
    """Read a list of ``[[stages]]`` (id, name, meaning) in file order.

    Guarantees unique ids and both languages in every text; raises
    ``CatalogError`` listing every problem otherwise.
    """
    path = Path(path)
    data = read_toml(path)
    problems: list[str] = []
    reader = FieldReader(path.name, problems)
    stages: list[SoilStage] = []
    for number, raw in enumerate(reader.tables(data, "stages", "file"), start=1):
        where = f"stage {raw.get('id', number)!r}"
        reader.known_keys(raw, ("id", "name", "meaning"), where)
        stage_id = reader.identifier(raw, "id", where)
        name = reader.text(raw, "name", where)
        meaning = reader.text(raw, "meaning", where)
        if stage_id in {stage.id for stage in stages}:
            reader.problem(where, "duplicate id; ids must be unique")
        elif stage_id is not None and name is not None and meaning is not None:
            stages.append(SoilStage(stage_id, name, meaning))
    if problems:
        raise CatalogError(problems)
    return tuple(stages)
