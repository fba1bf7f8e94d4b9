"""The request context passed through every layer."""

from oslo_context import context
from oslo_db.sqlalchemy import enginefacade


@enginefacade.transaction_context_provider
class RequestContext(context.RequestContext):
    """A request context that can carry a DB transaction (oslo.db)."""

    def to_policy_values(self):
        values = super().to_policy_values()
        values['is_admin'] = self.is_admin
        return values


def get_admin_context():
    """A context for internal work: periodic tasks, migrations, CLIs."""
    return RequestContext(is_admin=True, overwrite=False)
