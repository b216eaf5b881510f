"""A fresh database (nothing loaded yet) still serves every foundation page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/en/", "/catalogue/", "/en/catalogue/", "/organisations/"])
def test_pages_answer_on_an_empty_database(client, url):
    response = client.get(url)
    assert response.status_code == 200


def test_home_shows_zero_offerings_before_the_seed(client):
    assert "<strong>0</strong>" in client.get("/").content.decode()
