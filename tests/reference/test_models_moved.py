"""The move of the reference models from `matching` to `reference` keeps existing databases.

A database migrated at the commit before the move (matching owning District … SkillLabel) holds
rows in every moved table and rows of other apps pointing at them; migrating it forward must
keep every row, every link, and the permissions granted on the moved models.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps as current_apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

# Unapplying reference/0001 unapplies everything that depends on it, i.e. the state before.
BEFORE_THE_MOVE: list[tuple[str, str | None]] = [("reference", None)]
MOVED = ["district", "municipality", "skillgroup", "skill", "skilllabel"]


def _migrate(targets: list[tuple[str, str | None]]) -> StateApps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def _latest() -> list[tuple[str, str | None]]:
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_apps() -> Iterator[StateApps]:
    latest = _latest()
    apps = _migrate(BEFORE_THE_MOVE)
    try:
        yield apps
    finally:
        _migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_rows_links_and_permissions(old_apps: StateApps) -> None:
    old = {name: old_apps.get_model("matching", name) for name in MOVED}
    district = old["district"].objects.create(
        code="RS-99", name_latn="Probni okrug", name_cyrl="Пробни округ", seat_latn="Proba"
    )
    municipality = old["municipality"].objects.create(
        code="proba",
        name_latn="Proba",
        name_cyrl="Проба",
        name_key="proba",
        district=district,
        seat_latn="Proba",
        latitude=43.15,
        longitude=22.58,
    )
    group = old["skillgroup"].objects.create(code="moved", label_en="Moved", label_sr="Premešteno")
    skill = old["skill"].objects.create(
        code="moved.python", source="curated", label_sr="Python", label_en="Python", group=group
    )
    old["skilllabel"].objects.create(
        skill=skill, language="sr-Cyrl", kind="alias", text="Пајтон", key="pajton", source="curated"
    )
    organisation = old_apps.get_model("accounts", "Organisation").objects.create(
        name="Probna organizacija", short_name="PROBA", seat=municipality
    )
    organisation.districts.add(district)
    content_type_model = old_apps.get_model("contenttypes", "ContentType")
    # Migrating back gave the content type back to matching, as it was before the move.
    content_type = content_type_model.objects.get(app_label="matching", model="skill")
    permission = old_apps.get_model("auth", "Permission").objects.get(
        content_type=content_type, codename="change_skill"
    )
    editors = old_apps.get_model("auth", "Group").objects.create(name="Taxonomy editors")
    editors.permissions.add(permission)

    _migrate(_latest())

    District = current_apps.get_model("reference", "District")
    Skill = current_apps.get_model("reference", "Skill")
    Organisation = current_apps.get_model("accounts", "Organisation")
    Group = current_apps.get_model("auth", "Group")
    moved = Skill.objects.select_related("group").get(code="moved.python")
    assert moved.pk == skill.pk and moved.group.code == "moved"
    assert [label.text for label in moved.labels.all()] == ["Пајтон"]
    kept = Organisation.objects.select_related("seat__district").get(pk=organisation.pk)
    assert kept.seat.code == "proba" and kept.seat.district.code == "RS-99"
    assert list(kept.districts.values_list("code", flat=True)) == ["RS-99"]
    assert District.objects.get(code="RS-99").municipalities.count() == 1
    granted = Group.objects.get(pk=editors.pk).permissions.select_related("content_type").get()
    assert (granted.content_type.app_label, granted.codename) == ("reference", "change_skill")


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
