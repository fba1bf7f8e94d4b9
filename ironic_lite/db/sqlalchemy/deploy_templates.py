"""DB API queries of deploy templates and their steps (release 3.0).

A mixin of :class:`ironic_lite.db.sqlalchemy.api.Connection`. A template
is one ``deploy_templates`` row and its ``deploy_template_steps`` rows, in
the order given (their ids); the values passed in carry ``steps`` as a
list of ``{'interface', 'step', 'args', 'priority'}``, and the rows
returned have them as the ``steps`` relationship.
"""

from oslo_db import exception as db_exc

from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models

_STEP_COLUMNS = ('interface', 'step', 'args', 'priority')


def not_found(model, ident):
    """The NotFound of the deploy template model, or None."""
    if model is models.DeployTemplate:
        return exception.DeployTemplateNotFound(template=ident)
    return None


def conflict(error, model, values):
    """The Conflict a duplicate deploy template means, or None."""
    if model is not models.DeployTemplate:
        return None
    if 'name' in set(error.columns or ()):
        return exception.DeployTemplateDuplicateName(name=values.get('name'))
    return exception.DeployTemplateAlreadyExists(uuid=values.get('uuid'))


def _step_rows(steps):
    return [models.DeployTemplateStep(
        **{name: step.get(name) for name in _STEP_COLUMNS})
        for step in steps]


class DeployTemplateQueries:
    """Create, read, update and delete deploy templates.

    Lookups take an id, a UUID or a name; a missing template raises
    DeployTemplateNotFound, a duplicate UUID or name the Conflict saying
    which.
    """

    def create_deploy_template(self, values):
        values = dict(values)
        steps = values.pop('steps', None) or []
        values['steps'] = _step_rows(steps)
        return self._create(models.DeployTemplate, values)

    def get_deploy_template(self, ident):
        """By id, UUID or name. :raises: DeployTemplateNotFound"""
        return self._get(models.DeployTemplate, ident)

    def get_deploy_template_list(self, filters=None, **page):
        return self._list(models.DeployTemplate, filters, **page)

    def get_deploy_templates_by_names(self, names):
        """The templates named by ``names`` (missing names are skipped),
        ordered by name."""
        with enginefacade.reader() as session:
            return (session.query(models.DeployTemplate)
                    .filter(models.DeployTemplate.name.in_(list(names)))
                    .order_by(models.DeployTemplate.name).all())

    def update_deploy_template(self, ident, values, expected=None):
        """Update a template (``steps`` given: replace them all).

        :param expected: {column: value} the change was based on
            (``steps`` as a list of dicts), checked and written in one
            transaction on the row locked for update.
        :raises: DeployTemplateNotFound, DeployTemplateDuplicateName,
            ConcurrentUpdate
        """
        values = dict(values)
        if 'uuid' in values:
            raise exception.InvalidParameterValue(
                err='Cannot overwrite UUID for an existing deploy template.')
        try:
            with enginefacade.writer() as session:
                row = session.query(models.DeployTemplate).filter(
                    self._template_filter(ident)).with_for_update().first()
                if row is None:
                    raise exception.DeployTemplateNotFound(template=ident)
                for name, value in (expected or {}).items():
                    held = (steps_of(row) if name == 'steps'
                            else row[name])
                    if held != value:
                        raise exception.ConcurrentUpdate(
                            resource='DeployTemplate', ident=row.uuid)
                if 'steps' in values:
                    row.steps = _step_rows(values.pop('steps') or [])
                row.update(values)
                session.flush()
                getattr(row, 'steps')
        except db_exc.DBDuplicateEntry as e:
            raise conflict(e, models.DeployTemplate, values)
        return row

    @staticmethod
    def _template_filter(ident):
        from ironic_lite.db.sqlalchemy import api
        return api._ident_filter(models.DeployTemplate, ident)

    def destroy_deploy_template(self, ident):
        self._destroy(models.DeployTemplate, ident)


def steps_of(row):
    """A template row's steps as dicts, in order."""
    return [{name: getattr(step, name) for name in _STEP_COLUMNS}
            for step in row.steps]
