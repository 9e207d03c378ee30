from django.utils import translation

from genuinecare.lib.views import page_language


def test_page_language_is_the_active_language_or_english_outside_a_page() -> None:
    with translation.override("de"):
        assert page_language() == "de"
    with translation.override("de-at"):
        assert page_language() == "de"
    with translation.override(None):
        assert page_language() == "en"
