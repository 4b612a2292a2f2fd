"""A review-request campaign for the demo clinic (registered in
``touchpoints.demo.services.EXTENSIONS``): 200 patients of the last weeks, by email and SMS, in
every state — waiting for the invitation, invited, reminded, opened, answered, opted out, erased.
Made-up but deterministic; the answers tell the same story as the audits (the doctors are liked,
the phone line and the waiting are not)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from touchpoints.demo.services import demo_languages_spoken, demo_text
from touchpoints.reviews import choices as c
from touchpoints.reviews.models import Answer, Campaign, Contact, Message, Suppression, address_hash, new_token
from touchpoints.workspaces.models import Workspace

NAMES = {
    "en": ["Anna Smith", "John Brown", "Mary Taylor", "Peter Wilson", "Kate Evans", "Tom Walker"],
    "ru": [
        "Ольга Иванова",
        "Иван Петров",
        "Мария Смирнова",
        "Сергей Кузнецов",
        "Елена Попова",
        "Андрей Соколов",
        "Наталья Морозова",
        "Дмитрий Волков",
    ],
    "es": ["Lucía García", "Javier López", "Carmen Ruiz", "Pablo Martín", "Elena Sánchez", "Marta Díaz"],
}
LIKED = {
    "en": ["The doctor explained everything calmly.", "Quick blood test, no pain.", "Friendly reception.", ""],
    "ru": ["Врач всё спокойно объяснил.", "Быстро сдала кровь, совсем не больно.", "Приветливый администратор.", ""],
    "es": ["La doctora lo explicó todo con calma.", "Análisis rápido y sin dolor.", "Recepción muy amable.", ""],
}
IMPROVE = {
    "en": [
        "Nobody answered the phone for ten minutes.",
        "Waited 25 minutes past my time.",
        "Card payment did not work.",
        "",
    ],
    "ru": ["Десять минут не могли дозвониться.", "Ждала 25 минут сверх записи.", "Не работала оплата картой.", ""],
    "es": [
        "Nadie contestó al teléfono en diez minutos.",
        "Esperé 25 minutos de más.",
        "No funcionaba el pago con tarjeta.",
        "",
    ],
}
VISITS = ["Doctor's consultation", "Blood test", "Ultrasound scan", "Reception"]
SEGMENTS = ["Women 35-55", "Parents", ""]


def demo_reviews(workspace: Workspace) -> None:
    if Campaign.objects.filter(workspace=workspace).exists():
        return
    rnd = random.Random(9)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    campaign = Campaign.objects.create(
        workspace=workspace,
        name=demo_text("After-visit review requests"),
        channel=c.Channel.BOTH,
        delay_hours=3,
        max_reminders=2,
        reminder_interval_hours=72,
        status=c.Status.ACTIVE,
    )
    contacts, messages, answers, opted = [], [], [], []
    languages = demo_languages_spoken(["ru", "en", "es"])
    for i in range(200):
        lang = rnd.choices(languages, weights=[6, 2, 2])[0]
        visited = now - dt.timedelta(hours=rnd.randint(1, 24 * 28))
        name = rnd.choice(NAMES[lang])
        email = f"patient{i:03d}@example.com" if rnd.random() < 0.8 else ""
        phone = f"+3491{1000000 + i * 37:07d}" if not email or rnd.random() < 0.5 else ""
        ct = Contact(
            campaign=campaign,
            workspace=workspace,
            name=name,
            email=email,
            phone=phone,
            language=lang,
            segment=demo_text(rnd.choice(SEGMENTS)),
            visit=demo_text(rnd.choice(VISITS)),
            visited_at=visited,
            token=new_token(),
        )
        first = visited + dt.timedelta(hours=campaign.delay_hours)
        if first > now:
            ct.next_send_at = first  # still waiting for the invitation
        else:
            ct.messages_sent = min(1 + int((now - first).total_seconds() // (72 * 3600)), 3)
            ct.first_sent_at, ct.last_sent_at = first, first + dt.timedelta(hours=72 * (ct.messages_sent - 1))
            ct.delivered_at = first if rnd.random() < 0.95 else None
            fate = rnd.random()
            if fate < 0.42:
                ct.answered_at = min(first + dt.timedelta(hours=rnd.randint(1, 30)), now)
                ct.opened_at = ct.answered_at
            elif fate < 0.50:
                ct.opted_out_at = min(first + dt.timedelta(hours=rnd.randint(1, 48)), now)
                ct.suppressed = True
            elif fate < 0.75 and ct.delivered_at:
                ct.opened_at = min(first + dt.timedelta(hours=rnd.randint(1, 48)), now)
            if not ct.answered_at and not ct.opted_out_at and ct.messages_sent <= campaign.max_reminders:
                ct.next_send_at = ct.last_sent_at + dt.timedelta(hours=72)
        contacts.append(ct)
    Contact.objects.bulk_create(contacts)
    for ct in contacts:
        first_sent = ct.first_sent_at
        if first_sent is None:
            continue
        for n in range(1, ct.messages_sent + 1):
            for channel, address in ((c.MessageChannel.EMAIL, ct.email), (c.MessageChannel.SMS, ct.phone)):
                if address:
                    messages.append(
                        Message(
                            contact=ct,
                            channel=channel,
                            number=n,
                            status=c.Delivery.DELIVERED,
                            provider_id=f"demo-{ct.pk}-{n}" if channel == "sms" else "",
                            sent_at=first_sent + dt.timedelta(hours=72 * (n - 1)),
                        )
                    )
        if ct.answered_at:
            tone = rnd.random()
            score = rnd.randint(9, 10) if tone < 0.45 else rnd.randint(7, 8) if tone < 0.75 else rnd.randint(2, 6)
            answers.append(
                Answer(
                    campaign=campaign,
                    contact=ct,
                    language=ct.language,
                    segment=ct.segment,
                    visit=ct.visit,
                    recommend=score,
                    liked=rnd.choice(LIKED[ct.language]),
                    improve=rnd.choice(IMPROVE[ct.language]) if score < 9 or rnd.random() < 0.3 else "",
                )
            )
        if ct.opted_out_at:
            opted += [address_hash(workspace.pk, a) for a in (ct.email, ct.phone) if a]
    Message.objects.bulk_create(messages)
    Answer.objects.bulk_create(answers)
    for a, ct in zip(answers, [ct for ct in contacts if ct.answered_at]):
        Answer.objects.filter(pk=a.pk).update(submitted_at=ct.answered_at)
    Suppression.objects.bulk_create(
        [Suppression(workspace=workspace, address_hash=h) for h in set(opted)], ignore_conflicts=True
    )
    # Two patients asked for their personal data to be deleted; their answers stay, anonymous.
    for ct in [ct for ct in contacts if ct.answered_at][:2]:
        Contact.objects.filter(pk=ct.pk).update(name="", email="", phone="", token=new_token(), erased_at=now)
