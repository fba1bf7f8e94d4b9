"""Controllers: one module per resource, plain functions taking the
request and the path parameters, listed in ``v1/__init__.py``'s route
table."""
