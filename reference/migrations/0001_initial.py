"""Takes over districts, municipalities and the skill taxonomy from `matching`.

State only for the schema: the models keep their tables (`db_table = "matching_*"`), so an
existing database keeps every row, index and constraint. The content types are renamed to the
new app so that permissions granted on them and the admin's history stay attached.
"""

import core.validators
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ["district", "municipality", "skillgroup", "skill", "skilllabel"]


def _content_types_move(apps, from_app, to_app):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if content_type.objects.filter(app_label=to_app, model=model).exists():
            continue
        content_type.objects.filter(app_label=from_app, model=model).update(app_label=to_app)


def content_types_to_reference(apps, schema_editor):
    _content_types_move(apps, "matching", "reference")


def content_types_to_matching(apps, schema_editor):
    _content_types_move(apps, "reference", "matching")

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables were created by matching's migrations; they are taken over as they are.
        ('matching', '0003_dashboard_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='District',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='ISO 3166-2:RS, e.g. RS-20', max_length=5, unique=True)),
                        ('name_latn', models.CharField(max_length=100, unique=True, verbose_name='name (Latin)')),
                        ('name_cyrl', models.CharField(max_length=100, unique=True, verbose_name='name (Cyrillic)')),
                        ('seat_latn', models.CharField(max_length=100, verbose_name='seat')),
                    ],
                    options={
                        'db_table': 'matching_district',
                        'ordering': ['code'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('code__regex', '^RS-\\d{2}$')), name='district_code_iso')],
                    },
                ),
                migrations.CreateModel(
                    name='SkillGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=40, unique=True)),
                        ('label_sr', models.CharField(blank=True, max_length=200)),
                        ('label_en', models.CharField(max_length=200)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='reference.skillgroup')),
                    ],
                    options={
                        'db_table': 'matching_skillgroup',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Skill',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('code', models.CharField(max_length=80, unique=True)),
                        ('esco_uri', models.URLField(blank=True, null=True, unique=True)),
                        ('skill_type', models.CharField(choices=[('skill', 'Skill'), ('knowledge', 'Knowledge'), ('language', 'Language'), ('transversal', 'Transversal skill')], default='skill', max_length=12)),
                        ('source', models.CharField(choices=[('curated', 'Curated Serbian layer'), ('esco', 'ESCO')], max_length=10)),
                        ('language_code', models.CharField(blank=True, help_text='For language skills: ISO 639 code.', max_length=3)),
                        ('label_sr', models.CharField(blank=True, max_length=300)),
                        ('label_en', models.CharField(blank=True, max_length=300)),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='skills', to='reference.skillgroup')),
                    ],
                    options={
                        'db_table': 'matching_skill',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='SkillLabel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(help_text='BCP 47 tag: sr-Latn, sr-Cyrl, en, or another ESCO language such as de.', max_length=10, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Z][a-z]{3})?$', 'Use a language tag such as sr-Latn, sr-Cyrl or en.')])),
                        ('kind', models.CharField(choices=[('preferred', 'Preferred label'), ('alias', 'Alias')], max_length=10)),
                        ('text', models.CharField(max_length=300)),
                        ('key', models.CharField(db_index=True, editable=False, max_length=300)),
                        ('source', models.CharField(choices=[('curated', 'Curated Serbian layer'), ('esco', 'ESCO')], max_length=10)),
                        ('skill', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='labels', to='reference.skill')),
                    ],
                    options={
                        'db_table': 'matching_skilllabel',
                        'ordering': ['skill_id', 'language', 'kind', 'text'],
                    },
                ),
                migrations.CreateModel(
                    name='Municipality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, unique=True)),
                        ('name_latn', models.CharField(max_length=100, verbose_name='name (Latin)')),
                        ('name_cyrl', models.CharField(max_length=100, verbose_name='name (Cyrillic)')),
                        ('name_key', models.CharField(editable=False, help_text='Script- and diacritic-insensitive key used for lookups.', max_length=100, unique=True)),
                        ('kind', models.CharField(choices=[('city', 'City'), ('municipality', 'Municipality')], default='municipality', max_length=12)),
                        ('seat_latn', models.CharField(max_length=100, verbose_name='seat')),
                        ('latitude', models.FloatField(validators=[core.validators.validate_latitude_in_serbia])),
                        ('longitude', models.FloatField(validators=[core.validators.validate_longitude_in_serbia])),
                        ('geonameid', models.PositiveIntegerField(blank=True, null=True, unique=True)),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='municipalities', to='reference.district')),
                    ],
                    options={
                        'verbose_name_plural': 'municipalities',
                        'db_table': 'matching_municipality',
                        'ordering': ['name_latn'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('latitude__gte', 41.85), ('latitude__lte', 46.19), ('longitude__gte', 18.81), ('longitude__lte', 23.01)), name='municipality_seat_in_serbia', violation_error_message="The seat's coordinates are outside Serbia.")],
                    },
                ),
                migrations.AddConstraint(
                    model_name='skill',
                    constraint=models.CheckConstraint(condition=models.Q(('skill_type', 'language'), ('language_code', ''), _connector='OR'), name='skill_language_code_only_for_languages'),
                ),
                migrations.AddConstraint(
                    model_name='skill',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('label_sr', ''), _negated=True), models.Q(('label_en', ''), _negated=True), _connector='OR'), name='skill_has_a_label'),
                ),
                migrations.AddConstraint(
                    model_name='skilllabel',
                    constraint=models.UniqueConstraint(fields=('skill', 'language', 'source', 'text'), name='skill_label_unique_text'),
                ),
                migrations.AddConstraint(
                    model_name='skilllabel',
                    constraint=models.UniqueConstraint(condition=models.Q(('kind', 'preferred')), fields=('skill', 'language', 'source'), name='skill_label_one_preferred_per_language_and_source'),
                ),
                migrations.AddConstraint(
                    model_name='skilllabel',
                    constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='skill_label_not_empty'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_reference, content_types_to_matching),
    ]
