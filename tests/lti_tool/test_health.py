"""/health says whether the database and the shared store answer, for load balancers."""

from __future__ import annotations


def test_health_is_ok_when_database_and_store_answer(app):
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok", "shared_store": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_is_503_naming_an_unreachable_store(make_app):
    app = make_app(SHARED_STORE_URL="redis://127.0.0.1:9/0")
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["shared_store"].startswith("unreachable")
