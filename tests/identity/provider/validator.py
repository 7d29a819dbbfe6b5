"""Claims for the test provider: the e-mail and an employee id (the provider's username)."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class EmployeeClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "employee_id": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return {
            "email": request.user.email,
            "email_verified": True,
            "employee_id": request.user.username,
            "name": request.user.get_full_name(),
        }
