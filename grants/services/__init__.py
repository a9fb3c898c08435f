"""Every write of the grant scheme (calls, applications, evaluation, contracts and visits)."""

from grants.services.applications import (
    BudgetLineSpec,
    application_decide,
    application_transition,
    grant_application_budget_set,
    grant_application_create,
    grant_application_submit,
    grant_application_update,
    grant_document_delete,
    grant_document_upload,
)
from grants.services.calls import (
    CriterionSpec,
    grant_call_create,
    grant_call_transition,
    grant_call_update,
    grant_calls_close_due,
)
from grants.services.contracts import (
    TrancheSpec,
    contract_sign,
    monitoring_visit_record,
    receipt_add,
    tranche_pay,
)
from grants.services.evaluation import (
    evaluation_declare,
    evaluation_scores_save,
    evaluation_submit,
)

__all__ = [
    "BudgetLineSpec",
    "CriterionSpec",
    "TrancheSpec",
    "application_decide",
    "application_transition",
    "contract_sign",
    "evaluation_declare",
    "evaluation_scores_save",
    "evaluation_submit",
    "grant_application_budget_set",
    "grant_application_create",
    "grant_application_submit",
    "grant_application_update",
    "grant_call_create",
    "grant_call_transition",
    "grant_call_update",
    "grant_calls_close_due",
    "grant_document_delete",
    "grant_document_upload",
    "monitoring_visit_record",
    "receipt_add",
    "tranche_pay",
]
