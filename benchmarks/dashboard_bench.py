"""Programme dashboard speed on PostgreSQL (``make bench``): selectors and a full page GET.

Creates its own database (``spona_bench`` on the server of ``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/spona_bench``; a database whose name contains "bench" is
used as named), migrates it, bulk-creates 10,000 candidates, 1,000 placements, 100,000 matches
with their transition history, programme data and trainings, then times each dashboard selector
and the whole dashboard and fairness pages (Django test Client) for a coordinator and an admin:
median and p95 in ms, and the number of SQL queries. Prints figures; asserts nothing about time.
The database is dropped at the end unless ``--keep``.

    python benchmarks/dashboard_bench.py [--candidates 10000] [--matches-per-candidate 10]
        [--placements 1000] [--repeat 7] [--keep] [--reuse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/spona_bench"
REGION = ("RS-14", "RS-15", "RS-20", "RS-21", "RS-22", "RS-23", "RS-24")
ORGANISATIONS = {
    "CARE": REGION,
    "NEXUS": ("RS-23", "RS-24"),
    "ENECA": ("RS-14", "RS-15", "RS-20", "RS-21", "RS-22"),
}
BATCH = 5000


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The dashboard benchmark needs PostgreSQL (DATABASE_URL=postgres://...)")
    name = parts.path.lstrip("/")
    if "bench" not in name:  # never drop someone's working database
        parts = parts._replace(path="/spona_bench")
    return urlunsplit(parts)


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries of one run); the first run warms caches and is not timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    queries = len(captured.captured_queries)
    samples = []
    for _index in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, queries


def _without_auto_now(*models: Any) -> None:
    """Let bulk_create keep the historical timestamps we give it."""
    for model in models:
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now_add", False) or getattr(
                model_field, "auto_now", False
            ):
                model_field.auto_now_add = False
                model_field.auto_now = False


def populate(*, candidates: int, placements: int, per_candidate: int, seed: int = 42) -> None:
    from django.contrib.auth.hashers import make_password

    from accounts.models import Organisation, User
    from candidates.models import (
        CandidateProfile,
        ConsentRecord,
        ProgrammeData,
        Training,
        TrainingParticipation,
    )
    from companies.models import Company, Placement
    from matching.models import Match, MatchTransition
    from reference.models import District, Municipality

    _without_auto_now(User, CandidateProfile, Match, MatchTransition, ProgrammeData, Training)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
    zone = dt.UTC
    epoch = dt.datetime(2024, 1, 1, tzinfo=zone)
    span_days = 3 * 365

    districts = {d.code: d for d in District.objects.filter(code__in=REGION)}
    for short, codes in ORGANISATIONS.items():
        org = Organisation.objects.create(name=f"{short} (bench)", short_name=short)
        org.districts.set([districts[code] for code in codes])
    places = list(Municipality.objects.filter(district__code__in=REGION))
    # Niš, Leskovac and Vranje hold most people.
    weights = [8 if m.kind == Municipality.Kind.CITY else 1 for m in places]
    password = make_password("bench")

    def moment(low_day: float = 0.0) -> dt.datetime:
        return epoch + dt.timedelta(days=rng.uniform(low_day, span_days))

    users = [
        User(
            username=f"bench{i}",
            password=password,
            role=User.Role.CANDIDATE,
            first_name="Ime",
            last_name=f"Prezime{i}",
            date_joined=epoch,
        )
        for i in range(candidates)
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    user_ids = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
    categories = [c for c, _l in CandidateProfile.Category.choices]
    profiles = []
    for user_id in user_ids:
        registered = moment()
        profiles.append(
            CandidateProfile(
                user_id=user_id,
                category=rng.choices(categories, weights=[4, 4, 2])[0],
                municipality=rng.choices(places, weights=weights)[0],
                created_at=registered,
                updated_at=registered,
            )
        )
    CandidateProfile.objects.bulk_create(profiles, batch_size=BATCH)
    profile_rows = list(CandidateProfile.objects.values_list("pk", "created_at"))

    consents, data = [], []
    for pk, registered in profile_rows:
        if rng.random() < 0.7:
            consents.append(
                ConsentRecord(
                    candidate_id=pk,
                    purpose=ConsentRecord.Purpose.PROGRAMME_DATA,
                    notice_version="2026-11",
                    granted_at=registered,
                )
            )
    ConsentRecord.objects.bulk_create(consents, batch_size=BATCH)
    genders = ["female", "male", "other", "undisclosed"]
    for consent in ConsentRecord.objects.values("pk", "candidate_id", "granted_at"):
        returnee = rng.random() < 0.35
        data.append(
            ProgrammeData(
                candidate_id=consent["candidate_id"],
                consent_id=consent["pk"],
                is_returnee=returnee,
                returned_from_country="DE" if returnee else "",
                gender=rng.choices(genders, weights=[48, 48, 1, 3])[0],
                created_at=consent["granted_at"],
                updated_at=consent["granted_at"],
            )
        )
    ProgrammeData.objects.bulk_create(data, batch_size=BATCH)

    organisations = list(Organisation.objects.all())
    trainings = [
        Training(
            organisation=rng.choice(organisations),
            title=f"Obuka {i}",
            municipality=rng.choice(places),
            start_date=dt.date(2024, 1, 1) + dt.timedelta(days=30 * i),
            end_date=dt.date(2024, 2, 1) + dt.timedelta(days=30 * i),
            created_at=epoch,
            updated_at=epoch,
        )
        for i in range(30)
    ]
    Training.objects.bulk_create(trainings)
    trainings = list(Training.objects.all())
    participations = []
    for pk, _registered in rng.sample(profile_rows, k=min(len(profile_rows), candidates // 3)):
        training = rng.choice(trainings)
        done = rng.random() < 0.8
        participations.append(
            TrainingParticipation(
                training=training,
                candidate_id=pk,
                status="completed" if done else "enrolled",
                completed_on=training.end_date if done else None,
            )
        )
    TrainingParticipation.objects.bulk_create(participations, batch_size=BATCH)

    companies = [
        Company(
            legal_name=f"Firma {i} d.o.o.",
            pib=f"{100000000 + i}",
            mb=f"{20000000 + i}",
            sector="C",
            municipality=rng.choices(places, weights=weights)[0],
        )
        for i in range(max(placements // 3, 1))
    ]
    Company.objects.bulk_create(companies, batch_size=BATCH)
    company_ids = list(Company.objects.values_list("pk", flat=True))
    placement_rows = [
        Placement(
            company_id=rng.choice(company_ids),
            kind="internship" if rng.random() < 0.7 else "job",
            title=f"Mesto {i}",
            municipality=rng.choice(places),
            slots=rng.randint(1, 4),
            duration_months=6,
            status="open",
        )
        for i in range(placements)
    ]
    Placement.objects.bulk_create(placement_rows, batch_size=BATCH)
    placement_ids = list(Placement.objects.values_list("pk", flat=True))

    s = Match.Status
    # Where a match ends up, and the path it took there.
    outcomes: list[tuple[float, list[str]]] = [
        (0.62, []),
        (0.06, [s.INTERESTED]),
        (0.04, [s.SHORTLISTED]),
        (0.07, [s.PROPOSED]),
        (0.04, [s.PROPOSED, s.COMPANY_DECLINED]),
        (0.03, [s.SHORTLISTED, s.REJECTED]),
        (0.02, [s.PROPOSED, s.COMPANY_ACCEPTED]),
        (0.01, [s.PROPOSED, s.COMPANY_ACCEPTED, s.CANDIDATE_DECLINED]),
        (0.01, [s.PROPOSED, s.COMPANY_ACCEPTED, s.CANDIDATE_ACCEPTED]),
        (0.05, [s.PROPOSED, s.COMPANY_ACCEPTED, s.CANDIDATE_ACCEPTED, s.PLACED]),
        (0.04, [s.PROPOSED, s.COMPANY_ACCEPTED, s.CANDIDATE_ACCEPTED, s.PLACED, s.COMPLETED]),
        (0.01, [s.PROPOSED, s.COMPANY_ACCEPTED, s.CANDIDATE_ACCEPTED, s.PLACED, s.ENDED_EARLY]),
    ]
    paths = [path for _w, path in outcomes]
    path_weights = [w for w, _p in outcomes]
    matches, histories = [], []
    for pk, registered in profile_rows:
        offset = (registered - epoch).days
        for placement_id in rng.sample(placement_ids, k=min(per_candidate, len(placement_ids))):
            created = moment(offset)
            path = rng.choices(paths, weights=path_weights)[0]
            when, steps = created, []
            for status in path:
                when = when + dt.timedelta(hours=rng.uniform(12, 24 * 30))
                steps.append((status, when))
            matches.append(
                Match(
                    candidate_id=pk,
                    placement_id=placement_id,
                    score=round(min(max(rng.betavariate(2, 3), 0.0), 1.0), 4),
                    status=path[-1] if path else s.SUGGESTED,
                    created_at=created,
                    updated_at=when,
                    scored_at=created,
                    status_changed_at=when,
                )
            )
            histories.append(steps)
    Match.objects.bulk_create(matches, batch_size=BATCH)
    transitions = []
    for record, steps in zip(matches, histories, strict=True):
        previous: str = s.SUGGESTED
        for status, when in steps:
            transitions.append(
                MatchTransition(
                    match_id=record.pk,
                    transition=f"to_{status}",
                    from_status=previous,
                    to_status=status,
                    actor_role="coordinator",
                    created_at=when,
                )
            )
            previous = status
    MatchTransition.objects.bulk_create(transitions, batch_size=BATCH)

    User.objects.create(
        username="bench-coordinator",
        role=User.Role.COORDINATOR,
        organisation=Organisation.objects.get(short_name="ENECA"),
        password=password,
    )
    User.objects.create(username="bench-admin", role=User.Role.ADMIN, password=password)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data: {len(profile_rows):,} candidates, {len(placement_ids):,} placements, "
        f"{len(matches):,} matches, {len(transitions):,} transitions, "
        f"{len(data):,} programme data rows, {len(participations):,} training participations"
    )


def run(repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from reports import selectors

    coordinator = User.objects.get(username="bench-coordinator")
    admin = User.objects.get(username="bench-admin")
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    rows: list[tuple[str, float, float, int]] = []
    for who, user in (("coordinator ENECA", coordinator), ("admin, all", admin)):
        organisation = user.organisation
        scope = selectors.report_scope(user=user, organisation=organisation, start=start, end=end)
        checks: list[tuple[str, Callable[[], Any]]] = [
            ("progress_rows", partial(selectors.progress_rows, scope)),
            (
                "breakdown districts",
                partial(selectors.breakdown_by_place, scope, level="district", language="sr-latn"),
            ),
            (
                "breakdown municipalities",
                partial(
                    selectors.breakdown_by_place, scope, level="municipality", language="sr-latn"
                ),
            ),
            ("breakdown category", partial(selectors.breakdown_by_category, scope)),
            (
                "breakdown gender",
                partial(selectors.breakdown_sensitive, scope, group_by="gender", reader=user),
            ),
            ("outcomes_per_month", partial(selectors.outcomes_per_month, scope)),
            ("funnel_counts", partial(selectors.funnel_counts, scope)),
            ("funnel with medians", partial(selectors.funnel, scope)),
            (
                "fairness_audit",
                partial(
                    selectors.fairness_audit,
                    district_ids=scope.district_ids,
                    reader=user,
                    language="sr-latn",
                ),
            ),
        ]
        client = Client()
        client.force_login(user)
        query = {"start": start.isoformat(), "end": end.isoformat()}

        def get(name: str, client: Client = client, query: dict[str, str] = query) -> None:
            response = client.get(reverse(name), query)
            if response.status_code != 200:
                raise SystemExit(f"{name} answered {response.status_code}")

        checks.append(("GET dashboard page", partial(get, "reports:dashboard")))
        checks.append(("GET fairness page", partial(get, "reports:fairness")))
        for label, function in checks:
            median, p95, queries = timed(function, repeat)
            rows.append((f"{who}: {label}", median, p95, queries))
    width = max(len(label) for label, *_rest in rows)
    print(f"\n{'figure'.ljust(width)}  median ms     p95 ms  queries")
    for label, median, p95, queries in rows:
        print(f"{label.ljust(width)}  {median:9.1f}  {p95:9.1f}  {queries:7d}")
    version = getattr(connection, "pg_version", "?")
    print(f"\n(PostgreSQL {version}; {repeat} timed runs each after one warm-up)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--placements", type=int, default=1_000)
    parser.add_argument("--matches-per-candidate", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="time an existing database kept with --keep"
    )
    args = parser.parse_args(argv)

    url = bench_database_url()
    print(f"database: {urlsplit(url)._replace(netloc=urlsplit(url).hostname or '').geturl()}")
    if not args.reuse:
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test Client in (ALLOWED_HOSTS "testserver")
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not args.reuse:
            call_command("load_reference_data", "--skip-esco", verbosity=0)
            populate(
                candidates=args.candidates,
                placements=args.placements,
                per_candidate=args.matches_per_candidate,
            )
        print(f"setup: {time.perf_counter() - started:.1f} s")
        run(args.repeat)
    finally:
        connections.close_all()
        if not args.keep:
            recreate_database(url, drop_only=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
