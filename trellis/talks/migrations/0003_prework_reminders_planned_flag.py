"""Pre-work and reminders; the planned flag; items link a real opportunity.

The item's plain opportunity number becomes a foreign key: numbers that name an existing
opportunity are carried over through a temporary column, the others are dropped (they
never pointed anywhere). The planned flag is set on what was on the calendar: planned
conversations and 1:1s, reviews and career sessions.
"""

import django.db.models.deletion
from django.db import migrations, models

CALENDAR_KINDS = ("one_on_one", "review", "career_session")


def _keep_opportunity_numbers(apps, schema_editor):  # type: ignore[no-untyped-def]
    item = apps.get_model("talks", "ConversationItem")
    opportunity = apps.get_model("market", "Opportunity")
    existing = set(opportunity.objects.values_list("id", flat=True))
    for pk, number in item.objects.filter(opportunity_id__isnull=False).values_list(
        "pk", "opportunity_id"
    ):
        if number in existing:
            item.objects.filter(pk=pk).update(opportunity_ref=number)


def _restore_opportunity_links(apps, schema_editor):  # type: ignore[no-untyped-def]
    item = apps.get_model("talks", "ConversationItem")
    for pk, number in item.objects.filter(opportunity_ref__isnull=False).values_list(
        "pk", "opportunity_ref"
    ):
        item.objects.filter(pk=pk).update(opportunity_id=number)


def _set_planned(apps, schema_editor):  # type: ignore[no-untyped-def]
    conversation = apps.get_model("talks", "Conversation")
    conversation.objects.filter(
        models.Q(status="planned") | models.Q(kind__in=CALENDAR_KINDS)
    ).update(planned=True)


class Migration(migrations.Migration):

    dependencies = [
        ('market', '0001_initial'),
        ('org', '0002_initial'),
        ('talks', '0002_seed_guide'),
    ]

    operations = [
        migrations.AddField(
            model_name='conversationitem',
            name='opportunity_ref',
            field=models.PositiveBigIntegerField(null=True, blank=True),
        ),
        migrations.RunPython(_keep_opportunity_numbers, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='conversationitem',
            name='opportunity_id',
        ),
        migrations.AddField(
            model_name='conversationitem',
            name='opportunity',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='market.opportunity'),
        ),
        migrations.RunPython(_restore_opportunity_links, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='conversationitem',
            name='opportunity_ref',
        ),
        migrations.AddField(
            model_name='conversation',
            name='planned',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(_set_planned, migrations.RunPython.noop),
        migrations.CreateModel(
            name='PreWork',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('learned', models.TextField(blank=True, verbose_name='what I have learned lately')),
                ('enjoy', models.TextField(blank=True, verbose_name='what I enjoy')),
                ('next_role', models.TextField(blank=True, verbose_name='the next role I might want')),
                ('asked_at', models.DateTimeField(auto_now_add=True)),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('conversation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='prework', to='talks.conversation')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.person')),
            ],
        ),
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('upcoming', 'Planned conversation coming up'), ('quiet', 'No career conversation for a long time')], max_length=10)),
                ('day', models.DateField()),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('conversation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='talks.conversation')),
                ('manager', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.person')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.person')),
            ],
            options={
                'ordering': ['-day', '-id'],
                'indexes': [models.Index(fields=['manager', 'kind', '-day'], name='talk_reminder_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('kind', 'upcoming')), fields=('conversation', 'day'), name='talk_reminder_upcoming_once_a_day'), models.UniqueConstraint(condition=models.Q(('kind', 'quiet')), fields=('manager', 'person', 'day'), name='talk_reminder_quiet_once_a_day')],
            },
        ),
    ]
