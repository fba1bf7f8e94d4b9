"""Refuse a request line no database or decoder below could take.

The path and the query string must be UTF-8 once percent-decoded and
hold no NUL character: PostgreSQL cannot compare a string holding NUL,
and every layer below (routing, webob's ``request.GET``) assumes text.
Such a request gets 400 with the error body before anything decodes it.
"""

from urllib import parse

from ironic_lite.api import errors


def problem(environ):
    """What is wrong with the request line, or None."""
    try:
        path = environ.get('PATH_INFO', '').encode('latin-1').decode(
            'utf-8')
    except UnicodeError:
        return 'The request path is not valid UTF-8.'
    if '\x00' in path:
        return 'The request path may not contain NUL characters.'
    try:
        # NOTE: as webob reads it: the WSGI string holds the raw bytes as
        # latin-1; percent escapes and raw bytes alike must be UTF-8.
        raw = environ.get('QUERY_STRING', '').encode('latin-1')
        pairs = [(name.decode('utf-8'), value.decode('utf-8'))
                 for name, value in parse.parse_qsl(raw,
                                                    keep_blank_values=True)]
    except UnicodeError:
        return 'The query string is not valid UTF-8.'
    for name, value in pairs:
        if '\x00' in name or '\x00' in value:
            return 'The query string may not contain NUL characters.'
    return None


class RequestLineMiddleware:

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        message = problem(environ)
        if message is not None:
            return errors.response(400, message)(environ, start_response)
        return self.app(environ, start_response)
