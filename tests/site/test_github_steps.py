"""GitHub, prepared: the steps beside the form's GitHub button, and the guide page, the README
and the pull-request template that must say the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from brochure.core.i18n import gettext
from brochure.core.languages import LANGUAGES
from brochure.core.models import Coordinator
from brochure.site.github_steps import (
    AWAITING,
    CHECKS,
    COMMIT,
    CREATE_PULL_REQUEST,
    EDIT_FILE,
    FILES_CHANGED,
    FIRST_TIME,
    GITHUB_WORDS,
    PROPOSE,
    WRITERS_ONLY,
    Route,
    github_steps,
)

ROUTES: tuple[Route, ...] = ("new", "update")

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "content" / "pages"
GUIDES: dict[str, str] = {lang: (PAGES / f"contribute.{lang}.md").read_text(encoding="utf-8")
                          for lang in LANGUAGES}
README = REPO / "README.md"
TEMPLATE = REPO / ".github" / "pull_request_template.md"


def partners_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("<!-- section: partners -->"):text.index("<!-- /section: partners -->")]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_steps_in_the_partners_language_with_githubs_own_words(lang: str, route: Route) -> None:
    found = github_steps(lang, route, reply_days=7)
    assert len(found.steps) == 5 and len(found.after) == 4
    english = github_steps("en", route, reply_days=7)
    for step, other in zip((*found.steps, *found.after), (*english.steps, *english.after),
                           strict=True):
        text = step.plain()
        assert "%(" not in text and text.strip(), (lang, text)
        # GitHub's buttons are the same English words in every language, marked as buttons;
        # the form's own button is in the page's language.
        ours = {"Open GitHub": gettext(lang, "Open GitHub")}
        assert [t for t, button in step.parts() if button] == [
            ours.get(t, t) for t, button in other.parts() if button]
        assert "".join(t for t, _ in step.parts()) == step.words % dict(step.buttons)
        if lang != "en":
            assert text != other.plain(), (lang, text)
    shown = {t for step in (*found.steps, *found.after) for t, button in step.parts() if button}
    assert shown - {gettext(lang, "Open GitHub")} <= set(GITHUB_WORDS)
    assert WRITERS_ONLY not in shown
    # The proposal: commit, propose, then the pull request, in this order.
    order = [t for step in found.steps for t, button in step.parts() if button]
    assert order.index(COMMIT) < order.index(PROPOSE) < order.index(CREATE_PULL_REQUEST)
    assert "7" in found.after[-1].plain()


def test_every_github_word_is_used() -> None:
    used = {t for route in ROUTES for found in [github_steps("en", route)]
            for step in (*found.steps, *found.after) for t, button in step.parts() if button}
    assert set(GITHUB_WORDS) <= used


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_page_names_the_same_buttons(lang: str) -> None:
    guide = GUIDES[lang]
    for word in GITHUB_WORDS:
        assert f"**{word}**" in guide, (lang, word)
    assert WRITERS_ONLY not in guide
    # The form's own button, in the page's language, and the coordinator's answer time.
    assert f"**{gettext(lang, 'Open GitHub')}**" in guide
    days = Coordinator.model_validate(yaml.safe_load(
        (REPO / "content" / "site.yaml").read_text(encoding="utf-8"))["coordinator"]).reply_days
    assert {5: {"fi": "viiden arkipäivän", "sv": "fem vardagar", "en": "five working days"}}[
        days][lang] in guide
    # The numbered steps from the form to a pull request come first.
    numbered = re.findall(r"^(\d)\. ", guide[:guide.index("### ")], re.MULTILINE)
    assert numbered == ["1", "2", "3", "4", "5"]


def test_readme_and_pull_request_template_agree() -> None:
    readme = partners_section()
    for word in GITHUB_WORDS:
        assert f"**{word}**" in readme.replace("\n   ", " "), word
    template = TEMPLATE.read_text(encoding="utf-8")
    for word in (AWAITING, FIRST_TIME, CHECKS, FILES_CHANGED, EDIT_FILE, COMMIT,
                 CREATE_PULL_REQUEST):
        assert word in template, word
    for text in (readme, template, *GUIDES.values()):
        assert WRITERS_ONLY not in text.replace("\n   ", " ")
