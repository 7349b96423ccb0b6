"""On PostgreSQL the database itself keeps submitted iterations frozen.

A trigger refuses an UPDATE that changes a submitted iteration's content (or its number
or prototype) or makes it a draft again; reviews may still move its status between
submitted, accepted and revise. A second trigger refuses adding, removing or changing
the evidence of an iteration that is not a draft, unless the transaction has said it
is deleting team work as a whole (see prototypes.models.iterations.deleting_team_work).
SQLite (the laptop demo) has no such triggers; the model and queryset checks still apply.
"""

from django.db import migrations

CONTENT_COLUMNS = [
    "we_believe",
    "to_verify_we_will",
    "and_measure",
    "we_are_right_if",
    "stakeholders",
    "evidence_notes",
    "we_observed",
    "we_learned",
    "therefore_we_will",
    "number",
    "prototype_id",
]
EVIDENCE_COLUMNS = [
    "iteration_id",
    "kind",
    "file",
    "original_name",
    "content_type",
    "size",
    "caption",
]


def _row(prefix, columns):
    return "ROW(" + ", ".join(f"{prefix}.{column}" for column in columns) + ")"


CREATE = f"""
CREATE OR REPLACE FUNCTION prototypes_iteration_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft'
        OR {_row("NEW", CONTENT_COLUMNS)} IS DISTINCT FROM {_row("OLD", CONTENT_COLUMNS)}
    ) THEN
        RAISE EXCEPTION 'iteration % is frozen (%): its content cannot change', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS prototypes_iteration_frozen ON prototypes_iteration;
CREATE TRIGGER prototypes_iteration_frozen
    BEFORE UPDATE ON prototypes_iteration
    FOR EACH ROW EXECUTE FUNCTION prototypes_iteration_frozen();

CREATE OR REPLACE FUNCTION prototypes_evidence_frozen() RETURNS trigger AS $$
DECLARE
    old_status text;
    new_status text;
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('learninglab.deleting_team_work', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT status INTO old_status FROM prototypes_iteration WHERE id = OLD.iteration_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT status INTO new_status FROM prototypes_iteration WHERE id = NEW.iteration_id;
    END IF;
    IF (TG_OP = 'DELETE' AND old_status <> 'draft')
        OR (TG_OP = 'INSERT' AND new_status <> 'draft')
        OR (TG_OP = 'UPDATE' AND (old_status <> 'draft' OR new_status <> 'draft')
            AND {_row("NEW", EVIDENCE_COLUMNS)} IS DISTINCT FROM {_row("OLD", EVIDENCE_COLUMNS)})
    THEN
        RAISE EXCEPTION 'the evidence of a submitted iteration is frozen'
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS prototypes_evidence_frozen ON prototypes_evidence;
CREATE TRIGGER prototypes_evidence_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON prototypes_evidence
    FOR EACH ROW EXECUTE FUNCTION prototypes_evidence_frozen();
"""

DROP = """
DROP TRIGGER IF EXISTS prototypes_evidence_frozen ON prototypes_evidence;
DROP FUNCTION IF EXISTS prototypes_evidence_frozen();
DROP TRIGGER IF EXISTS prototypes_iteration_frozen ON prototypes_iteration;
DROP FUNCTION IF EXISTS prototypes_iteration_frozen();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the trigger bodies use % for their own messages.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("prototypes", "0001_team_work"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
