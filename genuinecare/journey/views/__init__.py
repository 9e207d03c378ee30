"""The journey's pages; each part (plan, roof, team, proof, focus, reach) has its module.

A part's module gives ``urlpatterns`` (included by ``journey/urls.py``) and may give
``section(journey, membership) -> dict``: what the journey page shows of it, through its
template ``journey/_<part>.html``.
"""
