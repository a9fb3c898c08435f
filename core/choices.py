"""Enumerations shared across apps: languages, CEFR levels, NOKS levels, NACE sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpokenLanguage(models.TextChoices):
    """Languages a candidate speaks or a placement asks for (ISO 639-1, Romani ISO 639-2)."""

    SERBIAN = "sr", _("Serbian")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    ITALIAN = "it", _("Italian")
    SPANISH = "es", _("Spanish")
    RUSSIAN = "ru", _("Russian")
    ROMANI = "rom", _("Romani")
    ALBANIAN = "sq", _("Albanian")
    BULGARIAN = "bg", _("Bulgarian")
    HUNGARIAN = "hu", _("Hungarian")
    ROMANIAN = "ro", _("Romanian")
    MACEDONIAN = "mk", _("Macedonian")
    SLOVENIAN = "sl", _("Slovenian")
    SWEDISH = "sv", _("Swedish")
    DUTCH = "nl", _("Dutch")
    TURKISH = "tr", _("Turkish")
    CHINESE = "zh", _("Chinese")


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


CEFR_ORDER = {level.value: rank for rank, level in enumerate(CefrLevel, start=1)}


class NoksLevel(models.IntegerChoices):
    """Serbian National Qualifications Framework (NOKS), levels 1-8.

    NOKS splits levels 6 and 7 into sub-levels (6.1/6.2, 7.1/7.2); Spona keeps the
    whole level, which is what placements ask for in practice.
    """

    PRIMARY = 1, _("1 – primary education")
    VOCATIONAL_SHORT = 2, _("2 – vocational training (up to 1 year)")
    SECONDARY_3Y = 3, _("3 – three-year secondary vocational school")
    SECONDARY_4Y = 4, _("4 – four-year secondary school")
    SPECIALIST = 5, _("5 – master craftsman / specialist")
    BACHELOR = 6, _("6 – bachelor (basic academic or applied studies)")
    MASTER = 7, _("7 – master, specialist academic or integrated studies")
    DOCTORATE = 8, _("8 – doctorate")


class NaceSection(models.TextChoices):
    """KD 2010 (NACE Rev. 2) sections."""

    A = "A", _("A – Agriculture, forestry and fishing")
    B = "B", _("B – Mining and quarrying")
    C = "C", _("C – Manufacturing")
    D = "D", _("D – Electricity, gas, steam and air conditioning supply")
    E = "E", _("E – Water supply; sewerage, waste management")
    F = "F", _("F – Construction")
    G = "G", _("G – Wholesale and retail trade; repair of motor vehicles")
    H = "H", _("H – Transportation and storage")
    I = "I", _("I – Accommodation and food service activities")  # noqa: E741
    J = "J", _("J – Information and communication")
    K = "K", _("K – Financial and insurance activities")
    L = "L", _("L – Real estate activities")
    M = "M", _("M – Professional, scientific and technical activities")
    N = "N", _("N – Administrative and support service activities")
    O = "O", _("O – Public administration and defence")  # noqa: E741
    P = "P", _("P – Education")
    Q = "Q", _("Q – Human health and social work activities")
    R = "R", _("R – Arts, entertainment and recreation")
    S = "S", _("S – Other service activities")
    T = "T", _("T – Activities of households as employers")
    U = "U", _("U – Activities of extraterritorial organisations")
