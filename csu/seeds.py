"""The lists a data migration seeds (drill kinds, call outcomes, threat lists...), ensured again on demand.

A test database flushed by a transactional test has lost the rows its migrations made; the demo (and any caller
that needs the lists) runs the migration's own function again. Each such function uses get_or_create, so a list
edited since is left as it is."""

from importlib import import_module

from django.apps import apps


def ensure(migration: str, function: str = "seed") -> None:
    """Run `function(apps, None)` of the migration module `migration` (e.g. "threats.migrations.0002_seed_lists")."""
    getattr(import_module(migration), function)(apps, None)
