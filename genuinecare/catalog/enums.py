"""The words of question catalogs.

Pure Python (no Django): ``catalog/schema.py`` reads catalogs with them, and
the answer form, layouts and scoring compare against them.
"""

from enum import StrEnum


class Scale(StrEnum):
    """How an item is answered; the value is what a catalog's TOML file says."""

    AGREE5 = "agree5"  # agreement, 1 (strongly disagree) to 5 (strongly agree); scored
    LTR11 = "ltr11"  # likelihood to recommend, 0 to 10; never in a scored dimension
    OPEN = "open"  # a free-text answer
