"""Points the foreign keys at the reference app's models; state only (same tables).

The models moved from `matching` to `reference` keeping their tables, so the database
already holds the right columns and constraints: nothing is written to it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0003_dates_in_range'),
        ('reference', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='company',
                    name='municipality',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='companies', to='reference.municipality'),
                ),
                migrations.AlterField(
                    model_name='placement',
                    name='municipality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='reference.municipality'),
                ),
                migrations.AlterField(
                    model_name='placementskill',
                    name='skill',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reference.skill'),
                ),
            ],
            database_operations=[],
        ),
    ]
