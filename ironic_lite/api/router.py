"""Match a request's method and path against the route table.

A route is ``(method, template, handler)``; a template is a path with
``{name}`` segments, each matching one non-empty path segment that is
passed, percent-decoded, to the handler as a keyword argument.
"""

import re
from urllib import parse

from ironic_lite.common import exception


class MethodNotAllowed(exception.IronicLiteException):
    _msg_fmt = 'The method specified is not allowed for this resource.'
    code = 405


def _compile(template):
    pattern = re.sub(r'\\\{(\w+)\\\}', r'(?P<\1>[^/]+)',
                     re.escape(template))
    return re.compile('^%s$' % pattern)


class Router:

    def __init__(self, routes):
        self.routes = [(method, _compile(template), handler)
                       for method, template, handler in routes]

    def match(self, method, path):
        """(handler, path parameters) for a request.

        :raises: NotFound (404) for an unknown path, MethodNotAllowed
            (405, with the allowed methods in ``.allowed``).
        """
        if len(path) > 1:
            path = path.rstrip('/') or '/'
        allowed = []
        for route_method, regex, handler in self.routes:
            found = regex.match(path)
            if found:
                if route_method == method:
                    # NOTE: matched on the quoted path, so that an
                    # encoded "/" stays inside its segment.
                    return handler, {name: parse.unquote(value) for
                                     name, value in found.groupdict().items()}
                allowed.append(route_method)
        if allowed:
            error = MethodNotAllowed()
            error.allowed = sorted(set(allowed))
            raise error
        # NOTE: Ironic's words for a path no controller serves.
        raise exception.NotFound('The resource could not be found.')
