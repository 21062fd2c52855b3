"""The Section 11 standards file: loaded, checked with errors naming the place, and written back."""
import pytest

from app.core.datafile import DataFileError
from app.section11.framework import (
    STANDARDS_FILE,
    as_dict,
    dump_framework,
    from_dict,
    load_framework,
    load_framework_text,
)

GOOD = """
key: section11
title: Section 11 standards
version: 2
standards:
  - key: leadership
    title: Senior management commitment
    good: A named senior leader is accountable.
    evidence: [Board minutes]
    measures: [pb-1-am1]
  - key: training
    title: Staff are trained
    good: Everyone is trained at the level their role needs.
"""


def test_the_shipped_standards_load_with_the_statutory_themes():
    framework = load_framework()
    keys = [s.key for s in framework.standards]
    assert framework.version >= 1
    for key in ("leadership", "accountability", "childrens-views", "training", "safer-recruitment",
                "information-sharing", "listening-to-children", "designated-leads", "early-help", "escalation"):
        assert key in keys
    assert all(s.good and s.evidence for s in framework.standards)
    assert "LADO" in framework.standard("safer-recruitment").good
    assert framework.number("leadership") == 1


def test_dump_and_load_round_trip_the_shipped_file():
    framework = load_framework()
    assert load_framework_text(dump_framework(framework)) == framework
    assert from_dict(as_dict(framework)) == framework  # as a cycle keeps it


def test_round_trip_of_a_small_file():
    framework = load_framework_text(GOOD)
    assert framework.standards[1].evidence == ()
    assert framework.standards[0].measures == ("pb-1-am1",)
    assert load_framework_text(dump_framework(framework)) == framework


@pytest.mark.parametrize("change, place", [
    (lambda t: t.replace("title: Staff are trained", "title: ''"), "standards[1].title"),
    (lambda t: t.replace("version: 2", "version: none"), "version"),
    (lambda t: t.replace("key: training", "key: Training Key"), "standards[1].key"),
    (lambda t: t.replace("    good: Everyone is trained at the level their role needs.\n", ""), "standards[1]: 'good' is missing"),
    (lambda t: t + "colour: red\n", "(top level): Unknown key ('colour')"),
])
def test_a_broken_file_is_refused_naming_the_place(change, place):
    with pytest.raises(DataFileError) as error:
        load_framework_text(change(GOOD), "standards.yaml")
    assert str(error.value).startswith("standards.yaml: ")
    assert place in str(error.value)


def test_a_key_used_twice_is_refused():
    with pytest.raises(DataFileError) as error:
        load_framework_text(GOOD.replace("key: training", "key: leadership"), "standards.yaml")
    assert "standards[1].key: 'leadership' is used twice (also standards[0])" in str(error.value)


def test_not_yaml_is_refused_with_the_line():
    with pytest.raises(DataFileError) as error:
        load_framework_text("key: [unclosed\n", "standards.yaml")
    assert "not valid YAML" in str(error.value)


def test_the_file_lives_inside_the_app():
    assert STANDARDS_FILE.parent.parent.name == "section11"
