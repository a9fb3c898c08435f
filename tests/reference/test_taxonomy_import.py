"""Skill taxonomy imports: curated Serbian layer, Spona's ESCO file, ESCO's official format."""

from __future__ import annotations

import csv
import gzip
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from matching.engine.normalize import fold
from reference.models import Skill, SkillLabel
from reference.services import (
    TaxonomyRowError,
    curated_skills_import,
    esco_skills_import,
    skill_groups_import,
)

pytestmark = pytest.mark.django_db

ESCO_HEADER = [
    "uri",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "skillType",
    "reuseLevel",
    "broader",
    "hierarchy_codes",
]


def _esco_sample(tmp_path: Path, rows: int = 300) -> Path:
    """The first rows of the real ESCO file shipped in the repo, plus one unlabelled row."""
    source = settings.SPONA_DATA_DIR / "esco" / "esco_skills_en.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        sample = [row for _, row in zip(range(rows), reader, strict=False)]
    sample.append(
        {
            **dict.fromkeys(ESCO_HEADER, ""),
            "uri": "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000001",
        }
    )
    path = tmp_path / "esco_sample.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ESCO_HEADER)
        writer.writeheader()
        writer.writerows(sample)
    return path


def _snapshot() -> tuple[list[Any], list[Any]]:
    skills = list(
        Skill.objects.order_by("code").values_list(
            "code", "esco_uri", "skill_type", "group__code", "source", "label_sr", "label_en"
        )
    )
    labels = list(
        SkillLabel.objects.order_by("skill__code", "language", "source", "text").values_list(
            "skill__code", "language", "kind", "text", "key", "source"
        )
    )
    return skills, labels


def test_the_curated_layer_has_at_least_400_skills_with_three_languages() -> None:
    curated = Skill.objects.filter(source=Skill.Source.CURATED)
    assert curated.count() >= 400
    for skill in curated.prefetch_related("labels")[:50]:
        languages = {label.language for label in skill.labels.all() if label.kind == "preferred"}
        assert languages == {"sr-Latn", "sr-Cyrl", "en"}
        assert len([label for label in skill.labels.all() if label.kind == "alias"]) >= 2


def test_cyrillic_labels_are_derived_and_fold_to_the_latin_key() -> None:
    welding = SkillLabel.objects.filter(
        language="sr-Latn", kind="preferred", key=fold("zavarivanje")
    ).first()
    assert welding is not None
    cyrillic = SkillLabel.objects.get(skill=welding.skill, language="sr-Cyrl", kind="preferred")
    assert cyrillic.text == "заваривање"
    assert cyrillic.key == welding.key


def test_colloquial_aliases_reach_the_right_skill() -> None:
    konobar = SkillLabel.objects.filter(key=fold("kelner")).values_list("skill__code", flat=True)
    assert set(konobar) and all(code.startswith("hospitality.") for code in konobar)
    varilac = SkillLabel.objects.filter(key=fold("varilac")).values_list("skill__code", flat=True)
    assert set(varilac) and all(code.startswith("metal.") for code in varilac)


def test_importing_esco_twice_changes_nothing(tmp_path: Path) -> None:
    path = _esco_sample(tmp_path)
    first = esco_skills_import(path=path, language="en")
    assert first.skills_created > 250
    assert first.skipped_reasons == {"no preferred label": 1}
    after_first = _snapshot()
    second = esco_skills_import(path=path, language="en")
    assert not second.changed
    assert _snapshot() == after_first


def test_esco_skills_get_type_group_and_alternative_labels(tmp_path: Path) -> None:
    esco_skills_import(path=_esco_sample(tmp_path), language="en")
    skill = Skill.objects.get(
        esco_uri="http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"
    )
    assert skill.label_en == "manage musical staff"
    assert skill.skill_type == Skill.Type.SKILL
    # ESCO v1.1.1: under "supervising a team or group" (S4.8.1) and, through its broader skill
    # "manage staff", under S4.2.1; the first path decides the group.
    assert skill.group is not None and skill.group.code == "S4.2.1"
    aliases = set(skill.labels.filter(kind="alias", language="en").values_list("text", flat=True))
    assert "manage music staff" in aliases


def test_a_curated_skill_with_an_esco_uri_takes_the_esco_labels_without_a_duplicate(
    tmp_path: Path,
) -> None:
    curated = Skill.objects.filter(source=Skill.Source.CURATED, esco_uri__isnull=False).first()
    assert curated is not None
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ESCO_HEADER)
        writer.writeheader()
        writer.writerow(
            {
                **dict.fromkeys(ESCO_HEADER, ""),
                "uri": curated.esco_uri,
                "preferredLabel": "an esco label",
                "altLabels": "alt one | alt two",
                "hierarchy_codes": "[['S', 'S1']]",
            }
        )
    esco_skills_import(path=path, language="en")
    assert Skill.objects.filter(esco_uri=curated.esco_uri).count() == 1
    curated.refresh_from_db()
    assert curated.source == Skill.Source.CURATED  # curated fields win
    esco_labels = set(curated.labels.filter(source="esco").values_list("text", flat=True))
    assert esco_labels == {"an esco label", "alt one", "alt two"}


def test_the_official_esco_download_format_loads_another_language(tmp_path: Path) -> None:
    path = tmp_path / "skills_de.csv"
    uri = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"
    path.write_text(
        "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
        "status,modifiedDate,scopeNote,definition,inScheme,description\n"
        f"KnowledgeSkillCompetence,{uri},skill/competence,sector-specific,"
        '"Musikpersonal leiten","Musikpersonal führen\nMusikmitarbeiter leiten",,released,,,,,x\n',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_skills", "--esco", str(path), stdout=out)
    labels = SkillLabel.objects.filter(skill__esco_uri=uri, language="de")
    assert set(labels.values_list("text", flat=True)) == {
        "Musikpersonal leiten",
        "Musikpersonal führen",
        "Musikmitarbeiter leiten",
    }
    assert labels.get(kind="preferred").text == "Musikpersonal leiten"
    out_again = StringIO()
    call_command("import_skills", "--esco", str(path), stdout=out_again)
    assert "skills +0/~0, labels +0/-0" in out_again.getvalue()


def test_curated_import_twice_changes_nothing() -> None:
    before = _snapshot()
    report = curated_skills_import(paths=sorted((settings.SPONA_DATA_DIR / "skills").glob("*.csv")))
    assert not report.changed
    assert _snapshot() == before


def test_a_bad_curated_row_names_file_line_and_field_and_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,group,type,label_sr,label_en,aliases_sr,aliases_en,esco_uri,lang_code\n"
        "it.new-skill,it,skill,nova veština,new skill,nova | novo,,,\n"
        "it.other,it,gadget,druga veština,other skill,druga | drugo,,,\n",
        encoding="utf-8",
    )
    count = Skill.objects.count()
    with pytest.raises(TaxonomyRowError) as error:
        curated_skills_import(paths=[path])
    assert str(error.value).startswith("bad.csv, line 3: type:")
    assert Skill.objects.count() == count
    assert not Skill.objects.filter(code="it.new-skill").exists()


def test_unknown_group_in_a_curated_row_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,group,type,label_sr,label_en,aliases_sr,aliases_en,esco_uri,lang_code\n"
        "space.rockets,space,skill,rakete,rockets,raketa | raketni,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyRowError, match="line 2: group: unknown group 'space'"):
        curated_skills_import(paths=[path])


def test_esco_group_hierarchy_links_children_to_parents(tmp_path: Path) -> None:
    path = tmp_path / "groups.csv"
    path.write_text("code,label\nS9,test pillar\nS9.1,child\nS9.1.2,grandchild\n", encoding="utf-8")
    skill_groups_import(path=path, kind="esco")
    from reference.models import SkillGroup

    grandchild = SkillGroup.objects.get(code="S9.1.2")
    assert grandchild.parent is not None and grandchild.parent.code == "S9.1"
    assert grandchild.parent.parent is not None and grandchild.parent.parent.code == "S9"


def test_the_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_skills", "--esco", str(tmp_path / "missing.csv"))
