"""The reference lists data migrations seed (drill kinds, call outcomes, threat lists, the program catalogue, the
retention schedule...), ensured again after a flush and on demand.

`manage.py flush`, and every transactional test (which flushes after itself), empty these tables and then send
post_migrate: `restore_reference_data` puts the lists back, so that a flushed database has what a migrated one
has. Each function uses get_or_create, so a list edited since is left as it is.
"""

from importlib import import_module

from django.apps import apps

# (module, function, whether it takes the migration arguments (apps, schema_editor))
REFERENCE_DATA = (
    ("drills.demo", "ensure_kinds", False),  # the kinds' requirement rows changed shape after 0002_seed_kinds
    ("programs.migrations.0002_catalogue", "add_catalogue", True),
    ("retention.migrations.0002_default_schedule", "forward", True),
    ("schools.migrations.0006_seed_call_outcomes", "seed", True),
    ("situations.migrations.0002_standard_factors", "load", True),
    ("threats.migrations.0002_seed_lists", "seed", True),
    ("engagement.migrations.0004_seed_topics", "seed", True),
)


def ensure(migration: str, function: str = "seed") -> None:
    """Run `function(apps, None)` of the migration module `migration` (e.g. "threats.migrations.0002_seed_lists")."""
    getattr(import_module(migration), function)(apps, None)


def restore_reference_data(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate: only on a database with every migration applied (the lists are written with today's models)."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    for module, function, takes_apps in REFERENCE_DATA:
        target = getattr(import_module(module), function)
        if takes_apps:
            target(apps, None)
        else:
            target()
