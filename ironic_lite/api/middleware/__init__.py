"""WSGI middleware of the API; ``app.py`` stacks them (order explained
there)."""
