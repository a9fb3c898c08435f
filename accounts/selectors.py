"""Reads of users and organisations: who works for a company, who coordinates a district."""

from __future__ import annotations

from accounts.models import User


def company_members(company_id: int) -> list[User]:
    """Active users who are members of the company, in a stable order."""
    return list(
        User.objects.filter(company_memberships__company_id=company_id, is_active=True)
        .distinct()
        .order_by("pk")
    )


def district_coordinators(district_id: int) -> list[User]:
    """Active coordinators whose organisation covers the district."""
    return list(
        User.objects.filter(
            role=User.Role.COORDINATOR, is_active=True, organisation__districts__id=district_id
        )
        .distinct()
        .order_by("pk")
    )
