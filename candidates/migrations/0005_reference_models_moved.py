"""Points the foreign keys at the reference app's models; state only (same tables).

The models moved from `matching` to `reference` keeping their tables, so the database
already holds the right columns and constraints: nothing is written to it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0004_dates_in_range'),
        ('reference', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='candidateprofile',
                    name='municipality',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidates', to='reference.municipality'),
                ),
                migrations.AlterField(
                    model_name='candidateskill',
                    name='skill',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reference.skill'),
                ),
                migrations.AlterField(
                    model_name='training',
                    name='municipality',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='trainings', to='reference.municipality'),
                ),
                migrations.AlterField(
                    model_name='training',
                    name='skills',
                    field=models.ManyToManyField(blank=True, related_name='+', to='reference.skill'),
                ),
            ],
            database_operations=[],
        ),
    ]
