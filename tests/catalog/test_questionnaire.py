"""The shared answer form: which items each audience sees, paging, posted answers, vectors."""

import re

import numpy as np
import pytest
from django.http import QueryDict
from django.utils import translation

from genuinecare.catalog.questionnaire import (
    MISSING,
    NOT_APPLICABLE,
    AnswersRefused,
    Questionnaire,
    answer_matrix,
    answered_count,
    build_part,
    missing_pages,
    paged,
    parse_page,
)
from genuinecare.catalog.registry import shipped


def care(form: str = "self", audience: str | None = None) -> Questionnaire:
    return paged([build_part(shipped()["care"], key="7", form=form, audience=audience)])


def test_self_form_shows_every_item_in_self_wording_one_dimension_per_page() -> None:
    questionnaire = care()

    assert len(questionnaire.parts[0].questions) == 66
    assert [p.dimension.id for p in questionnaire.pages][:3] == ["heard", "cared_for", "recognised"]
    assert len(questionnaire.pages) == 15
    first = questionnaire.pages[0].questions[0]
    assert first.text.en == "The people in my team feel heard when they speak to me."
    assert [q.column for q in questionnaire.pages[0].questions] == [0, 1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(("audience", "count"), [("employees", 51), ("customers", 15)])
def test_others_form_shows_only_the_audiences_items_in_others_wording(
    audience: str, count: int
) -> None:
    questionnaire = care("others", audience)

    questions = questionnaire.parts[0].questions
    assert len(questions) == count
    assert {q.item.audience for q in questions} == {audience}
    assert all(q.text == q.item.others_text for q in questions)


def test_others_form_of_readiness_is_empty_and_open_questions_have_no_column() -> None:
    readiness = shipped()["readiness"]

    assert build_part(readiness, key="1", form="others", audience="employees").questions == ()
    part = build_part(readiness, key="1", form="self")
    assert part.width == 12
    assert [q.item.id for q in part.questions if q.column is None] == [
        "style_open",
        "culture_open",
        "risks_open",
        "expectations_open",
    ]


def test_form_and_audience_must_fit() -> None:
    with pytest.raises(ValueError, match="audience"):
        build_part(shipped()["care"], key="1", form="others")
    with pytest.raises(ValueError, match="audience"):
        build_part(shipped()["care"], key="1", form="self", audience="employees")


def post(**fields: str | list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data.setlist(
            key.replace("_", "-", 1) if key.startswith("q_") else key,
            value if isinstance(value, list) else [value],
        )
    return data


def test_parse_and_merge_a_page() -> None:
    questionnaire = care()
    data = post(page="1", version="7", go="next", **{"q_heard_e1": "4", "q_heard_e2": "na"})

    answers = parse_page(questionnaire, data)
    vector, texts = answers.merge_into(questionnaire.parts[0].empty_vector(), {})

    assert answers.next_page == 2
    assert vector[:3] == bytes([4, NOT_APPLICABLE, MISSING])
    assert answered_count(vector) == 2
    assert texts == {}
    # posting the page again without heard_e2 clears it: the page is stored as posted
    again = parse_page(questionnaire, post(page="1", version="7", q_heard_e1="5"))
    assert again.merge_into(vector, {})[0][:2] == bytes([5, MISSING])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"q_nope": "3"}, "“nope” is not a question on this page."),
        ({"q_cared_for_e1": "3"}, "“cared_for_e1” is not a question on this page."),
        ({"q_heard_e1": "0"}, "is not on its scale (1 to 5)"),
        ({"q_heard_e1": "4.5"}, "is not on its scale (1 to 5)"),
        ({"q_heard_e1": ["4", "5"]}, "was sent twice"),
        ({"version": "8"}, "different version of the questionnaire"),
        ({"page": "0"}, "This page does not exist"),
        ({"page": "x"}, "This page does not exist"),
        # digits str.isdigit() accepts: int() fails on the first two, reads the third as 2
        ({"q_heard_e1": "²"}, "The answer “²” to question “heard_e1” is not on its scale"),
        ({"q_heard_e1": "④"}, "The answer “④” to question “heard_e1” is not on its scale"),
        ({"q_heard_e1": "٢"}, "The answer “٢” to question “heard_e1” is not on its scale"),
        ({"q_heard_e1": "9" * 5000}, "is not on its scale (1 to 5)"),
        ({"page": "²"}, "This page does not exist"),
        ({"page": "١"}, "This page does not exist"),
        ({"page": "9" * 5000}, "This page does not exist"),
    ],
)
def test_refused_posts_name_the_problem(fields: dict[str, str], message: str) -> None:
    data = post(**{"page": "1", "version": "7", **fields})

    with pytest.raises(AnswersRefused, match=re.escape(message)):
        parse_page(care(), data)


def test_refusals_are_translated() -> None:
    with translation.override("de"), pytest.raises(AnswersRefused) as refused:
        parse_page(care(), post(page="1", version="7", q_heard_e1="9"))

    assert str(refused.value) == (
        "Die Antwort „9“ auf die Frage „heard_e1“ liegt nicht auf ihrer Skala (1 bis 5)."
    )


def test_ltr11_takes_0_to_10_and_open_text_is_kept() -> None:
    questionnaire = paged([build_part(shipped()["recommend"], key="3", form="self")])
    data = post(page="1", version="3", q_place_to_work="0", q_place_to_work_reason=" Pay. ")

    answers = parse_page(questionnaire, data)

    assert answers.values == {0: 0}
    assert answers.texts == {"place_to_work_reason": "Pay."}
    with pytest.raises(AnswersRefused, match=r"\(0 to 10\)"):
        parse_page(questionnaire, post(page="1", version="3", q_company="11"))


def test_answer_matrix_and_missing_pages() -> None:
    questionnaire = care()
    width = questionnaire.parts[0].width
    full = bytes([4]) * width
    partial = bytes([NOT_APPLICABLE, 2]) + bytes([MISSING]) * (width - 2)

    matrix = answer_matrix([full, partial], width)

    assert matrix.shape == (2, 66)
    assert matrix[1, :3].tolist()[1] == 2.0
    assert np.isnan(matrix[1, 0]) and np.isnan(matrix[1, 2])
    assert missing_pages(questionnaire, {"7": full}) == []
    assert missing_pages(questionnaire, {"7": partial}) == list(range(1, 16))
    with pytest.raises(ValueError, match="66 bytes"):
        answer_matrix([full[:-1]], width)


def test_only_keeps_the_chosen_items_and_comments_add_one_field_per_page() -> None:
    chosen = {("care", "heard_e2"), ("care", "valued_e1"), ("recommend", "place_to_work")}
    parts = [
        build_part(catalog, key=key, form="others", audience="employees", only=chosen)
        for key, catalog in (("1", shipped()["care"]), ("2", shipped()["recommend"]))
    ]
    questionnaire = paged(parts, comments=True)

    assert [(p.dimension.id, [q.item.id for q in p.questions]) for p in questionnaire.pages] == [
        ("heard", ["heard_e2"]),
        ("valued", ["valued_e1"]),
        ("likelihood_to_recommend", ["place_to_work"]),
    ]
    assert questionnaire.width == 3
    assert questionnaire.joined({"2": bytes([9])}) == bytes([MISSING, MISSING, 9])
    data = post(page="2", version="1", q_valued_e1="2", **{"q-comment.valued": " Thanks. "})
    answers = parse_page(questionnaire, data)
    assert answers.texts == {"comment.valued": "Thanks."}
    _vector, texts = answers.merge_into(bytes([MISSING, MISSING]), {"comment.heard": "Hi"})
    assert texts == {"comment.heard": "Hi", "comment.valued": "Thanks."}
    cleared = parse_page(questionnaire, post(page="2", version="1"))
    assert cleared.merge_into(_vector, texts)[1] == {"comment.heard": "Hi"}
    with pytest.raises(
        AnswersRefused, match=re.escape("“comment.heard” is not a question on this page")
    ):
        parse_page(questionnaire, post(page="2", version="1", **{"q-comment.heard": "x"}))
    assert paged(parts).pages[0].comment_field is None
