"""A beneficiary's grant applications in their data export, and what their erasure does to them.

Registered with candidates.privacy at start-up (GrantsConfig.ready): the export has a
``grant_applications`` section, and `candidate_erase` calls `grant_data_erase` in its
transaction.

Erasure — decided so that the money stays auditable and nothing names the person:
* **Drafts are deleted** (with their documents): nothing was asked for or paid.
* **Kept** for every submitted application: the call, kind, status and dates, the amounts
  (requested, own contribution, approved), budget lines by category, source and amount, the
  eligibility codes, the committee's scores and totals, the contract number, its tranches
  (amounts, dates, payment references — bank references, not names), receipts' amounts, dates,
  size and SHA-256 digest (an auditor can match an archived copy to the record), monitoring
  outcomes (operating/employed, dates), and every audit step with its role. The beneficiary
  link stays: it points to the anonymised profile (municipality and category only), which the
  programme's statistics count.
* **Removed**: the business name and idea, the job description, budget line descriptions,
  every uploaded file (documents and receipts: they carry names, addresses, ID numbers), the
  receipts' descriptions and file names, the reasons written for decisions and steps, the
  evaluators' comments, the monitoring notes, and the reason quoted in the decision
  notifications other people received (a company's members).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from candidates.models import CandidateProfile
from candidates.privacy import personal_data_section_register
from grants.models import (
    ApplicationDocument,
    ApplicationTransition,
    BudgetLine,
    Evaluation,
    GrantApplication,
    MonitoringVisit,
    Receipt,
)
from notifications.models import Notification

SECTION_KEY = "grant_applications"


def _files(rows: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": getattr(row, "kind", "receipt"),
            "original_name": row.original_name,
            "content_type": row.content_type,
            "size_bytes": row.size_bytes,
            "sha256": row.sha256,
            "uploaded_at": row.created_at,
        }
        for row in rows
    ]


def grant_data_export(profile: CandidateProfile) -> list[dict[str, Any]]:
    """Every grant application about the person, with its budget, files' metadata, checks,
    scores (without the evaluators' names), decision, contract, payments and visits."""
    applications = (
        GrantApplication.objects.filter(beneficiary=profile)
        .select_related("call", "company", "business_municipality")
        .prefetch_related("budget_lines", "documents", "transitions", "evaluations__scores")
        .order_by("created_at", "id")
    )
    result: list[dict[str, Any]] = []
    for application in applications:
        contract = getattr(application, "contract", None)
        result.append(
            {
                "reference": application.reference,
                "call": application.call.title,
                "kind": application.kind,
                "status": application.status,
                "company": application.company.legal_name if application.company else None,
                "business_name": application.business_name,
                "business_idea": application.business_idea,
                "business_municipality": application.business_municipality.name_latn
                if application.business_municipality
                else None,
                "position_title": application.position_title,
                "job_description": application.job_description,
                "employment_start": application.employment_start,
                "employment_months": application.employment_months,
                "monthly_gross_salary_rsd": application.monthly_gross_salary_rsd,
                "requested_rsd": application.requested_rsd,
                "own_contribution_rsd": application.own_contribution_rsd,
                "approved_rsd": application.approved_rsd,
                "budget": [
                    {
                        "category": line.category,
                        "description": line.description,
                        "amount_rsd": line.amount_rsd,
                        "source": line.source,
                    }
                    for line in application.budget_lines.all()
                ],
                "documents": _files(application.documents.all()),
                "submitted_at": application.submitted_at,
                "eligibility": application.eligibility,
                "evaluations": [
                    {
                        "status": evaluation.status,
                        "total_score": evaluation.total_score,
                        "comment": evaluation.comment,
                        "scores": {str(s.criterion_id): s.score for s in evaluation.scores.all()},
                    }
                    for evaluation in application.evaluations.all()
                    if evaluation.status == Evaluation.Status.SUBMITTED
                ],
                "decision_reason": application.decision_reason,
                "decided_at": application.decided_at,
                "steps": [
                    {
                        "transition": step.transition,
                        "from_status": step.from_status,
                        "to_status": step.to_status,
                        "by": step.actor_role,
                        "reason": step.reason,
                        "at": step.created_at,
                    }
                    for step in application.transitions.all()
                ],
                "contract": None if contract is None else _contract_export(contract),
            }
        )
    return result


def _contract_export(contract: Any) -> dict[str, Any]:
    return {
        "number": contract.number,
        "signed_on": contract.signed_on,
        "amount_rsd": contract.amount_rsd,
        "tranches": [
            {
                "number": tranche.number,
                "amount_rsd": tranche.amount_rsd,
                "planned_on": tranche.planned_on,
                "paid_on": tranche.paid_on,
                "receipts": [
                    {
                        "amount_rsd": receipt.amount_rsd,
                        "issued_on": receipt.issued_on,
                        "description": receipt.description,
                        **_files([receipt])[0],
                    }
                    for receipt in tranche.receipts.all()
                ],
            }
            for tranche in contract.tranches.prefetch_related("receipts")
        ],
        "monitoring_visits": [
            {
                "months": visit.months,
                "due_on": visit.due_on,
                "status": visit.status,
                "visited_on": visit.visited_on,
                "business_operating": visit.business_operating,
                "person_employed": visit.person_employed,
                "note": visit.note,
            }
            for visit in contract.visits.all()
        ],
    }


def grant_data_erase(profile: CandidateProfile) -> None:
    """Remove what names the person from their grant records; keep the money (see above)."""
    applications = GrantApplication.objects.filter(beneficiary=profile)
    # The cascade deletes documents row by row, so their files go too (post_delete).
    for draft in applications.filter(status=GrantApplication.Status.DRAFT):
        draft.delete()
    ids = list(applications.values_list("pk", flat=True))
    if not ids:
        return
    applications.update(business_name="", business_idea="", job_description="", decision_reason="")
    BudgetLine.objects.filter(application_id__in=ids).update(description="")
    for document in ApplicationDocument.objects.filter(application_id__in=ids):
        document.delete()
    for receipt in Receipt.objects.filter(tranche__contract__application_id__in=ids):
        name, storage = receipt.file.name, receipt.file.storage
        if name:
            # After commit, so a rolled-back erasure keeps the file.
            transaction.on_commit(partial(storage.delete, name))
        receipt.file = ""
        receipt.description = ""
        receipt.original_name = ""
        receipt.save(update_fields=["file", "description", "original_name", "updated_at"])
    ApplicationTransition.objects.filter(application_id__in=ids).update(reason="")
    Evaluation.objects.filter(application_id__in=ids).update(comment="")
    MonitoringVisit.objects.filter(contract__application_id__in=ids).update(note="")
    notifications = Notification.objects.filter(
        event=Notification.Event.GRANT_DECISION, context__application_id__in=ids
    )
    for notification in notifications:
        notification.context = {**notification.context, "reason": ""}
        notification.save(update_fields=["context"])


def register_personal_data() -> None:
    personal_data_section_register(
        key=SECTION_KEY, export=grant_data_export, erase=grant_data_erase
    )
