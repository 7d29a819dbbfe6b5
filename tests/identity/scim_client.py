"""A scim2-client engine over real HTTP (requests), for checking the live endpoint."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import requests
from scim2_client import BaseSyncSCIMClient


class HttpScimClient(BaseSyncSCIMClient):
    def __init__(self, base_url: str, token: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def _stays_under_base_url(self, endpoint: str) -> bool:
        return urljoin(self.base_url + "/", endpoint.lstrip("/")).startswith(self.base_url)

    def _parse_json(self, response: Any) -> Any:
        return response.json()

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        target = url if url.startswith("http") else self.base_url + "/" + url.lstrip("/")
        body = kwargs.pop("json", None)
        return self.session.request(
            method,
            target,
            params=kwargs.get("params"),
            json=body,
            data=kwargs.get("content"),
            headers=kwargs.get("headers"),
            timeout=30,
        )
