from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_it_refuses_anonymous_api_calls_with_the_common_error_format(client: Client) -> None:
    response = client.get("/api/v1/me/")

    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_it_accepts_a_token_created_with_the_management_command(client: Client, user: Any) -> None:
    call_command("drf_create_token", user.username, stdout=StringIO())
    key = Token.objects.get(user=user).key

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["username"] == user.username


def test_it_refuses_a_wrong_token(client: Client) -> None:
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token khong-hop-le")

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Thông tin xác thực không hợp lệ."


def test_it_accepts_the_browser_session(user_client: Client, user: Any) -> None:
    assert user_client.get("/api/v1/me/").json()["username"] == user.username


def test_it_publishes_an_openapi_3_schema(user_client: Client) -> None:
    response = user_client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/me/" in response.json()["paths"]


def test_it_serves_the_api_docs_from_local_files(user_client: Client) -> None:
    html = user_client.get("/api/v1/docs/").content.decode()

    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_it_issues_an_api_token_from_the_profile_page(user_client: Client, user: Any) -> None:
    response = user_client.post("/accounts/profile/api-token/")

    assert Token.objects.get(user=user).key in response.content.decode()


def test_it_generates_a_valid_schema_without_warnings(tmp_path: Any) -> None:
    schema = tmp_path / "schema.yaml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(schema), stdout=StringIO()
    )

    assert "/api/v1/votes/{id}/ballots/:" in schema.read_text()
