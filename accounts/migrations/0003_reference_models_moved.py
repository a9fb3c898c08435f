"""Points the foreign keys at the reference app's models; state only (same tables).

The models moved from `matching` to `reference` keeping their tables, so the database
already holds the right columns and constraints: nothing is written to it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('reference', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='organisation',
                    name='districts',
                    field=models.ManyToManyField(blank=True, related_name='organisations', to='reference.district'),
                ),
                migrations.AlterField(
                    model_name='organisation',
                    name='seat',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations_seated', to='reference.municipality'),
                ),
            ],
            database_operations=[],
        ),
    ]
