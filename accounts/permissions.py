"""Who may see and do what: the one place for role and scope rules (API and pages use it).

Roles: candidate, company member, coordinator, admin. Coordinators are scoped to the districts
their organisation covers; company members to their own companies and to the candidates a
coordinator proposed to them; candidates to themselves and to open placements.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Company, Placement
from matching import workflow
from matching.models import Match

ANONYMOUS = "anonymous"

# Match states in which the company of the placement sees the candidate (minimised), and in
# which it may see their contact details: derived from the workflow's transition table.
COMPANY_VISIBLE_STATUSES = workflow.COMPANY_VISIBLE_STATUSES
CONTACT_VISIBLE_STATUSES = workflow.CONTACT_VISIBLE_STATUSES


def role_of(user: Any) -> str:
    """The user's effective role; superusers are admins whatever their role field says."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if user.is_superuser or user.role == User.Role.ADMIN:
        return User.Role.ADMIN
    return str(user.role)


def is_admin(user: Any) -> bool:
    return role_of(user) == User.Role.ADMIN


def coordinator_district_ids(user: Any) -> set[int]:
    """Districts a coordinator works in (their organisation's); empty for everyone else."""
    if role_of(user) != User.Role.COORDINATOR or user.organisation_id is None:
        return set()
    return set(user.organisation.districts.values_list("id", flat=True))


def candidates_visible_to(user: Any) -> QuerySet[CandidateProfile]:
    role = role_of(user)
    queryset = CandidateProfile.objects.all()
    if role == User.Role.ADMIN:
        return queryset
    if role == User.Role.COORDINATOR:
        return queryset.filter(municipality__district_id__in=coordinator_district_ids(user))
    if role == User.Role.CANDIDATE:
        return queryset.filter(user=user)
    if role == User.Role.COMPANY:
        return queryset.filter(
            matches__placement__company__memberships__user=user,
            matches__status__in=COMPANY_VISIBLE_STATUSES,
        ).distinct()
    return queryset.none()


def companies_visible_to(user: Any) -> QuerySet[Company]:
    role = role_of(user)
    queryset = Company.objects.all()
    if role == User.Role.ADMIN:
        return queryset
    if role == User.Role.COORDINATOR:
        # Their districts' companies, and (like everyone) those behind open placements.
        return queryset.filter(
            Q(municipality__district_id__in=coordinator_district_ids(user))
            | Q(placements__status=Placement.Status.OPEN)
        ).distinct()
    if role == User.Role.COMPANY:
        return queryset.filter(
            Q(memberships__user=user) | Q(placements__status=Placement.Status.OPEN)
        ).distinct()
    # Candidates and visitors see the companies behind open placements.
    return queryset.filter(placements__status=Placement.Status.OPEN).distinct()


def placements_visible_to(user: Any) -> QuerySet[Placement]:
    role = role_of(user)
    queryset = Placement.objects.all()
    open_ = Q(status=Placement.Status.OPEN)
    if role == User.Role.ADMIN:
        return queryset
    if role == User.Role.COORDINATOR:
        districts = coordinator_district_ids(user)
        return queryset.filter(
            open_
            | Q(municipality__district_id__in=districts)
            | Q(company__municipality__district_id__in=districts)
        ).distinct()
    if role == User.Role.COMPANY:
        return queryset.filter(open_ | Q(company__memberships__user=user)).distinct()
    return queryset.filter(open_)


def matches_visible_to(user: Any) -> QuerySet[Match]:
    role = role_of(user)
    queryset = Match.objects.all()
    if role == User.Role.ADMIN:
        return queryset
    if role == User.Role.COORDINATOR:
        return queryset.filter(
            candidate__municipality__district_id__in=coordinator_district_ids(user)
        )
    if role == User.Role.CANDIDATE:
        # A candidate follows their own matches; suggestions for closed placements drop out.
        return queryset.filter(candidate__user=user).filter(
            Q(placement__status=Placement.Status.OPEN) | ~Q(status=Match.Status.SUGGESTED)
        )
    if role == User.Role.COMPANY:
        return queryset.filter(
            placement__company__memberships__user=user, status__in=COMPANY_VISIBLE_STATUSES
        )
    return queryset.none()


def is_company_member(user: Any, company: Company) -> bool:
    if role_of(user) != User.Role.COMPANY:
        return False
    return company.memberships.filter(user=user).exists()


def can_manage_company(user: Any, company: Company) -> bool:
    return is_admin(user) or is_company_member(user, company)


def can_manage_placement(user: Any, placement: Placement) -> bool:
    return can_manage_company(user, placement.company)


def coordinates_candidate(user: Any, profile: CandidateProfile) -> bool:
    """A coordinator whose organisation covers the candidate's district (or an admin)."""
    if is_admin(user):
        return True
    return profile.municipality.district_id in coordinator_district_ids(user)


def coordinates_placement(user: Any, placement: Placement) -> bool:
    if is_admin(user):
        return True
    districts = coordinator_district_ids(user)
    place = placement.municipality
    if place is not None and place.district_id in districts:
        return True
    return placement.company.municipality.district_id in districts


def coordinates_company(user: Any, company: Company) -> bool:
    return is_admin(user) or company.municipality.district_id in coordinator_district_ids(user)


def can_view_sensitive_data(user: Any, profile: CandidateProfile) -> bool:
    """Programme-sensitive data: only coordinators of the candidate's district, and admins."""
    return coordinates_candidate(user, profile)


def company_may_see_contact(match: Match) -> bool:
    """A company sees a candidate's contact details only after the candidate accepted."""
    return match.status in CONTACT_VISIBLE_STATUSES


def is_party_to_match(user: Any, match: Match) -> bool:
    """Whether the user may act on the match in their role (the workflow asks this first).

    The candidate of the match; a member of the placement's company once it was proposed to
    them; a coordinator of the candidate's district; an admin.
    """
    role = role_of(user)
    if role == User.Role.ADMIN:
        return True
    if role == User.Role.COORDINATOR:
        return coordinates_candidate(user, match.candidate)
    if role == User.Role.CANDIDATE:
        return bool(match.candidate.user_id == user.pk)
    if role == User.Role.COMPANY:
        return match.status in COMPANY_VISIBLE_STATUSES and is_company_member(
            user, match.placement.company
        )
    return False


def candidates_with_sensitive_data_visible_to(user: Any) -> QuerySet[CandidateProfile]:
    """The set form of can_view_sensitive_data, for reports over many candidates."""
    if is_admin(user):
        return CandidateProfile.objects.all()
    return CandidateProfile.objects.filter(
        municipality__district_id__in=coordinator_district_ids(user)
    )


def can_view_candidate_documents(user: Any, profile: CandidateProfile) -> bool:
    """A candidate's CV: the candidate, coordinators of their district, admins, and members of
    a company once one of the candidate's matches to it lets the company see contact details."""
    role = role_of(user)
    if role == User.Role.CANDIDATE:
        return bool(profile.user_id == user.pk)
    if role in (User.Role.ADMIN, User.Role.COORDINATOR):
        return coordinates_candidate(user, profile)
    if role == User.Role.COMPANY:
        matches = Match.objects.filter(
            candidate=profile, placement__company__memberships__user=user
        ).only("status")
        return any(company_may_see_contact(match) for match in matches)
    return False


def can_erase_candidate(user: Any, profile: CandidateProfile) -> bool:
    """Erasure is a coordinator's act (of the candidate's district) or an admin's."""
    return coordinates_candidate(user, profile)


def candidates_with_contact_visible_to(user: Any) -> QuerySet[CandidateProfile]:
    """Candidates whose contact details (name, e-mail, phone) the user may see.

    Everyone they see, for the candidate themself, coordinators of the district and admins;
    for a company member only those who accepted one of the company's offers
    (company_may_see_contact), never the ones merely proposed.
    """
    if role_of(user) == User.Role.COMPANY:
        return CandidateProfile.objects.filter(
            matches__placement__company__memberships__user=user,
            matches__status__in=CONTACT_VISIBLE_STATUSES,
        ).distinct()
    return candidates_visible_to(user)


def companies_with_details_visible_to(user: Any) -> QuerySet[Company]:
    """Companies whose registration numbers, address and contact person the user may see:
    their own (members), those in a coordinator's districts, every one for admins."""
    role = role_of(user)
    if role == User.Role.ADMIN:
        return Company.objects.all()
    if role == User.Role.COORDINATOR:
        return Company.objects.filter(municipality__district_id__in=coordinator_district_ids(user))
    if role == User.Role.COMPANY:
        return Company.objects.filter(memberships__user=user)
    return Company.objects.none()


def companies_managed_by(user: Any) -> QuerySet[Company]:
    """Companies whose profile and placements the user may change: a member's own, every one
    for admins (the set form of can_manage_company)."""
    role = role_of(user)
    if role == User.Role.ADMIN:
        return Company.objects.all()
    if role == User.Role.COMPANY:
        return Company.objects.filter(memberships__user=user)
    return Company.objects.none()


def placements_managed_by(user: Any) -> QuerySet[Placement]:
    """Placements the user may edit, submit and close (the set form of can_manage_placement)."""
    return Placement.objects.filter(company__in=companies_managed_by(user))


def report_district_ids(user: Any, organisation: Any = None) -> set[int] | None:
    """Districts a programme report covers for the user; None means every district.

    Coordinators: their organisation's districts, whatever organisation they ask for. Admins:
    all districts, or the chosen organisation's. Everyone else: none.
    """
    role = role_of(user)
    if role == User.Role.ADMIN:
        if organisation is None:
            return None
        return set(organisation.districts.values_list("id", flat=True))
    return coordinator_district_ids(user)


def can_set_programme_target(user: Any, organisation: Any) -> bool:
    """Admins set any target (organisation None = the whole programme); coordinators only
    their own organisation's."""
    if is_admin(user):
        return True
    return (
        role_of(user) == User.Role.COORDINATOR
        and organisation is not None
        and user.organisation_id == organisation.pk
    )


def coordinates_municipality(user: Any, municipality: Any) -> bool:
    """A coordinator whose organisation covers the municipality's district (or an admin):
    who may import people and companies of that place."""
    return is_admin(user) or municipality.district_id in coordinator_district_ids(user)


def placements_coordinated_by(user: Any) -> QuerySet[Placement]:
    """The set form of coordinates_placement: placements in (or of companies in) the
    coordinator's districts, every one for admins, none for other roles."""
    if is_admin(user):
        return Placement.objects.all()
    if role_of(user) != User.Role.COORDINATOR:
        return Placement.objects.none()
    districts = coordinator_district_ids(user)
    return Placement.objects.filter(
        Q(municipality__district_id__in=districts)
        | Q(company__municipality__district_id__in=districts)
    ).distinct()
