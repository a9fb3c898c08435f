"""Forgets districts, municipalities and the skill taxonomy in `matching`; state only.

They now live in `reference` (reference/0001) on the same tables, which stay untouched.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_reference_models_moved'),
        ('candidates', '0005_reference_models_moved'),
        ('companies', '0004_reference_models_moved'),
        ('matching', '0003_dashboard_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='municipality',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='skill',
                    name='group',
                ),
                migrations.RemoveField(
                    model_name='skilllabel',
                    name='skill',
                ),
                migrations.RemoveField(
                    model_name='skillgroup',
                    name='parent',
                ),
                migrations.DeleteModel(
                    name='District',
                ),
                migrations.DeleteModel(
                    name='Municipality',
                ),
                migrations.DeleteModel(
                    name='Skill',
                ),
                migrations.DeleteModel(
                    name='SkillLabel',
                ),
                migrations.DeleteModel(
                    name='SkillGroup',
                ),
            ],
            database_operations=[],
        ),
    ]
