"""GitHub, prepared: the steps a partner without write access takes from the form to a pull
request, with GitHub's own (English) button texts, and what happens after it.

One place for the words: the form page shows them beside its GitHub button
(:mod:`brochure.site.form`), and the guide page (``content/pages/contribute.*.md``), the README's
partner section and the pull-request template say the same (a test holds them to it). GitHub's
interface is in English whatever the partner's language, so its button texts are never
translated: each step is a sentence in the partner's language with the buttons as
placeholders, which a template shows marked (:meth:`Step.parts`) and plain text quotes
(:meth:`Step.plain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from brochure.core.i18n import N_, gettext

# GitHub's words, exactly as its pages show them to someone without write access.
SIGN_UP = "Sign up"
SIGN_IN = "Sign in"
FORK = "Fork this repository"
COMMIT = "Commit changes..."
PROPOSE = "Propose changes"
CREATE_PULL_REQUEST = "Create pull request"
AWAITING = "1 workflow awaiting approval"
FIRST_TIME = "First-time contributors need a maintainer to approve running workflows"
CHECKS = "Checks"
FILES_CHANGED = "Files changed"
EDIT_FILE = "Edit file"
# The one a partner with write access sees instead; the steps never ask for it.
WRITERS_ONLY = "Create a new branch for this commit and start a pull request"

GITHUB_WORDS = (SIGN_UP, SIGN_IN, FORK, COMMIT, PROPOSE, CREATE_PULL_REQUEST, AWAITING,
                FIRST_TIME, CHECKS, FILES_CHANGED, EDIT_FILE)

Route = Literal["new", "update"]

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Step:
    """One step in the partner's language; ``buttons`` are what its placeholders stand for:
    GitHub's English words, or the form's own button in the partner's language."""

    words: str
    buttons: tuple[tuple[str, str], ...] = ()

    def parts(self) -> tuple[tuple[str, bool], ...]:
        """The step as (text, is a button) pieces, for a template to mark the buttons."""
        named = dict(self.buttons)
        pieces: list[tuple[str, bool]] = []
        at = 0
        for match in _PLACEHOLDER.finditer(self.words):
            if match.start() > at:
                pieces.append((self.words[at:match.start()], False))
            pieces.append((named[match.group(1)], True))
            at = match.end()
        if at < len(self.words):
            pieces.append((self.words[at:], False))
        return tuple(pieces)

    def plain(self) -> str:
        """The step as plain text, each button in quotes."""
        return "".join(f"“{text}”" if button else text for text, button in self.parts())


@dataclass(frozen=True)
class GitHubSteps:
    """Numbered steps to a pull request, and what happens next."""

    steps: tuple[Step, ...]
    after: tuple[Step, ...]


def _step(lang: str, words: str, **buttons: str) -> Step:
    return Step(gettext(lang, words), tuple(sorted(buttons.items())))


def github_steps(lang: str, route: Route = "new", reply_days: int = 5) -> GitHubSteps:
    """The steps for a new group (the form opens GitHub's new-file page with the text) or an
    update (the form copies the text and opens the file's editor), in ``lang``.

    ``reply_days`` is how many working days the coordinator takes to answer a pull request
    (``coordinator.reply_days`` in ``site.yaml``)."""
    open_github = gettext(lang, N_("Open GitHub"))
    account = _step(lang, N_("If you have no GitHub account, make one: on github.com choose "
                             "%(sign_up)s and confirm your email address. It is free. If you "
                             "have an account, choose %(sign_in)s."),
                    sign_up=SIGN_UP, sign_in=SIGN_IN)
    fork = _step(lang, N_("GitHub makes your own copy of the brochure (a fork) for your "
                          "proposal by itself. If it shows the button %(fork)s instead, "
                          "choose it."), fork=FORK)
    create = _step(lang, N_("GitHub shows your change. Choose %(create)s, and on the next page "
                            "%(create)s again. Your proposal (a pull request) is now with the "
                            "coordinator."), create=CREATE_PULL_REQUEST)
    if route == "new":
        middle = (
            _step(lang, N_("Choose %(open)s on this page. GitHub opens a new file with your "
                           "group's text in it."), open=open_github),
            fork,
            _step(lang, N_("Check the text, but do not change the file's name. Choose "
                           "%(commit)s, write a few words about the change in the box (for "
                           "example: New group in Kaustinen) and choose %(propose)s."),
                  commit=COMMIT, propose=PROPOSE),
        )
    else:
        middle = (
            _step(lang, N_("Choose %(open)s on this page. The page copies the group's new "
                           "text, and GitHub opens the group's file for editing."),
                  open=open_github),
            fork,
            _step(lang, N_("In GitHub's editor, select all the text (Ctrl+A) and paste the "
                           "copied text over it (Ctrl+V). Choose %(commit)s, write a few words "
                           "about the change in the box and choose %(propose)s."),
                  commit=COMMIT, propose=PROPOSE),
        )
    after = (
        _step(lang, N_("The first time, your pull request says %(awaiting)s and "
                       "%(first_time)s. That is normal: the coordinator starts the check. "
                       "You need not do anything."), awaiting=AWAITING, first_time=FIRST_TIME),
        _step(lang, N_("The check reads your file in a few minutes. Under %(checks)s, its "
                       "summary shows how the group will look on the site and what to fix, in "
                       "Finnish, Swedish and English."), checks=CHECKS),
        _step(lang, N_("To fix something, open %(files)s in your pull request, choose "
                       "%(edit)s in the file's ⋯ menu, make the change and choose %(commit)s "
                       "again. The check runs again."),
              files=FILES_CHANGED, edit=EDIT_FILE, commit=COMMIT),
        Step(gettext(lang, N_("The coordinator reviews your proposal within %(days)s working "
                              "days, then publishes it or asks for changes in the pull "
                              "request. GitHub emails you when someone answers."))
             % {"days": reply_days}),
    )
    return GitHubSteps((account, *middle, create), after)
