"""Programme targets: validation, one per organisation/period/indicator, who may set them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.exceptions import PermissionDeniedError
from reports.models import ProgrammeTarget
from reports.services import programme_target_set
from tests.factories import UserFactory
from tests.reports.dashboard_data import coordinator, organisation

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def english(client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def eneca_coordinator() -> User:
    return coordinator(organisation("ENECA", "RS-20"))


def test_set_creates_then_updates_the_one_target(eneca_coordinator: User) -> None:
    org = eneca_coordinator.organisation
    first = programme_target_set(
        by=eneca_coordinator,
        organisation=org,
        period_start=START,
        period_end=END,
        indicator="internships",
        value=30,
    )
    again = programme_target_set(
        by=eneca_coordinator,
        organisation=org,
        period_start=START,
        period_end=END,
        indicator="internships",
        value=35,
    )
    assert again.pk == first.pk
    assert ProgrammeTarget.objects.get().value == 35


@pytest.mark.parametrize(
    ("start", "end", "value", "field"),
    [
        (END, START, 10, "period_end"),
        (START, START, 10, "period_end"),
        (START, END, 0, "value"),
    ],
)
def test_invalid_targets_are_refused(
    eneca_coordinator: User, start: dt.date, end: dt.date, value: int, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        programme_target_set(
            by=eneca_coordinator,
            organisation=eneca_coordinator.organisation,
            period_start=start,
            period_end=end,
            indicator="training",
            value=value,
        )
    assert field in error.value.message_dict
    assert not ProgrammeTarget.objects.exists()


def test_unknown_indicator_is_refused(eneca_coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        programme_target_set(
            by=eneca_coordinator,
            organisation=eneca_coordinator.organisation,
            period_start=START,
            period_end=END,
            indicator="happiness",
            value=5,
        )
    assert "indicator" in error.value.message_dict


def test_a_second_target_for_the_same_key_is_invalid() -> None:
    ProgrammeTarget.objects.create(period_start=START, period_end=END, indicator="reached", value=1)
    duplicate = ProgrammeTarget(period_start=START, period_end=END, indicator="reached", value=2)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_coordinator_may_not_set_another_organisations_target(eneca_coordinator: User) -> None:
    other = organisation("NEXUS", "RS-24")
    with pytest.raises(PermissionDeniedError):
        programme_target_set(
            by=eneca_coordinator,
            organisation=other,
            period_start=START,
            period_end=END,
            indicator="reached",
            value=5,
        )
    with pytest.raises(PermissionDeniedError):
        programme_target_set(
            by=eneca_coordinator,
            organisation=None,
            period_start=START,
            period_end=END,
            indicator="reached",
            value=5,
        )


def test_admin_sets_a_programme_wide_target() -> None:
    admin = UserFactory.create(role=User.Role.ADMIN)
    target = programme_target_set(
        by=admin,
        organisation=None,
        period_start=dt.date(2020, 11, 1),
        period_end=dt.date(2023, 10, 31),
        indicator="internships",
        value=100,
    )
    assert target.organisation is None


def test_form_on_the_dashboard_saves_for_the_coordinators_organisation(
    client, eneca_coordinator: User
) -> None:
    client.force_login(eneca_coordinator)
    response = client.post(
        reverse("reports:dashboard"),
        {
            "target-indicator": "training",
            "target-period_start": "2025-01-01",
            "target-period_end": "2025-12-31",
            "target-value": "220",
        },
    )
    assert response.status_code == 302
    assert "start=2025-01-01" in response["Location"]
    target = ProgrammeTarget.objects.get()
    assert (target.organisation, target.value) == (eneca_coordinator.organisation, 220)
    page = client.get(response["Location"]).content.decode()
    assert "The target was saved." in page
    assert '<td class="num">220</td>' in page


def test_form_errors_name_the_field(client, eneca_coordinator: User) -> None:
    client.force_login(eneca_coordinator)
    response = client.post(
        reverse("reports:dashboard"),
        {
            "target-indicator": "training",
            "target-period_start": "2025-12-31",
            "target-period_end": "2025-01-01",
            "target-value": "-3",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The period must end after it starts." in html
    assert 'id="id_target-value-error"' in html
    assert not ProgrammeTarget.objects.exists()
