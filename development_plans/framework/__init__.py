"""Framework content packs: load, validate and query a leadership framework.

A *content pack* is a YAML (or JSON) file describing one framework: its rating scale, its
ordered levels, its dimensions with behaviour statements at every level, and a record of
the corrections made to the source text. ``content/README.md`` and ``docs/content-packs.md``
describe the format; ``content/schema/framework-pack.schema.json`` is its JSON Schema.

Nothing here is specific to the NHS Healthcare Leadership Model: the number of dimensions,
the level names and the rating scale all come from the pack. Nothing here reads settings
either: callers name the file or folder of packs.

- ``model``: the frozen model (``Framework``, ``Dimension``, ``Level``, ``Behaviour``, …).
- ``loading``: ``load_framework``, ``available_frameworks``, ``validate_pack_file`` and the
  per-process cache of parsed packs.
- ``reading``, ``validation``, ``explanation``, ``problems``: turning a file into data, checking
  it, and saying what is wrong in plain words with the path (and line) of each problem.
- ``errors``: ``ContentError``, naming file, path and problem.

Plain Python (PyYAML, jsonschema, dataclasses) with no web framework imports, so it can be used
from the app, the CLI, scripts and tests alike.
"""

from development_plans.framework.errors import ContentError
from development_plans.framework.loading import (
    available_frameworks,
    load_framework,
    validate_pack_file,
)
from development_plans.framework.model import (
    Behaviour,
    Correction,
    Dimension,
    DimensionLevel,
    Framework,
    Level,
    Perspective,
    RaterGroup,
    RatingOption,
    Source,
)
from development_plans.framework.reading import PACK_SUFFIXES
from development_plans.framework.validation import SCHEMA_PATH

__all__ = [
    "PACK_SUFFIXES",
    "SCHEMA_PATH",
    "Behaviour",
    "ContentError",
    "Correction",
    "Dimension",
    "DimensionLevel",
    "Framework",
    "Level",
    "Perspective",
    "RaterGroup",
    "RatingOption",
    "Source",
    "available_frameworks",
    "load_framework",
    "validate_pack_file",
]
