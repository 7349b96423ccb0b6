"""The "Brochure approval" workflow: a brochure is public only once a second
coordinator of its programme approved it.

The workflow is assigned to the brochure page type (`WorkflowContentType`), not to a
part of the page tree: `BrochurePage.get_workflow` reads that assignment, so every
brochure follows it wherever it is, and the module pages beside it under the same
programme page follow none. Renaming the workflow or adding steps in the admin keeps
the assignment; removing it leaves brochures without approval, so don't.
"""

from django.db import migrations


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    BrochureApprovalTask = apps.get_model("home", "BrochureApprovalTask")

    task_type, _created = ContentType.objects.get_or_create(
        app_label="home", model="brochureapprovaltask"
    )
    page_type, _created = ContentType.objects.get_or_create(app_label="home", model="brochurepage")
    task = BrochureApprovalTask.objects.create(
        name="Approval by a second coordinator", content_type=task_type, active=True
    )
    workflow = Workflow.objects.create(name="Brochure approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(
        content_type=page_type, defaults={"workflow": workflow}
    )


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    BrochureApprovalTask = apps.get_model("home", "BrochureApprovalTask")
    Workflow.objects.filter(name="Brochure approval").delete()
    BrochureApprovalTask.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_brochures"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
