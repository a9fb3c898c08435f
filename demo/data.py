"""Names, places, companies and text templates the demo-programme seeder draws from.

Long on purpose: it is data (tables of names, companies, placement templates), not logic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Tables below are laid out by hand for reading; the formatter would put one item a line.
# fmt: off

# The demo's "today": fixed so that every run writes the same dates (late 2026).
REFERENCE_DATE = dt.date(2026, 11, 2)

# One shared password for every demo account; it passes Django's validators.
DEMO_PASSWORD = "spona-demo-2026"  # noqa: S105 - a published demo password, not a secret
EMAIL_DOMAIN = "spona.example"  # RFC 2606 reserved: demo mail never reaches anyone
ADMIN_USERNAME = "spona-admin"
CANDIDATE_USERNAME_PREFIX = "kandidat"
COMPANY_USERNAME_PREFIX = "firma"

# The seven south-eastern districts the programme works in (ISO 3166-2:RS).
PCINJSKI = "RS-24"
JABLANICKI = "RS-23"
NISAVSKI = "RS-20"
TOPLICKI = "RS-21"
PIROTSKI = "RS-22"
ZAJECARSKI = "RS-15"
BORSKI = "RS-14"
SOUTH_EAST_DISTRICTS: tuple[str, ...] = (
    BORSKI, ZAJECARSKI, NISAVSKI, TOPLICKI, PIROTSKI, JABLANICKI, PCINJSKI,
)


@dataclass(frozen=True)
class OrganisationSpec:
    short_name: str
    name: str
    seat: str  # municipality code
    districts: tuple[str, ...]
    coordinator_username: str
    coordinator_first_name: str
    coordinator_last_name: str


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec("CARE", "CARE Serbia", "nis", SOUTH_EAST_DISTRICTS,
                     "koordinator-care", "Jelena", "Stojanović"),
    OrganisationSpec("NEXUS", "NEXUS Vranje", "vranje", (PCINJSKI, JABLANICKI),
                     "koordinator-nexus", "Dragan", "Mitić"),
    OrganisationSpec("ENECA", "ENECA Niš", "nis",
                     (NISAVSKI, TOPLICKI, PIROTSKI, ZAJECARSKI, BORSKI),
                     "koordinator-eneca", "Marija", "Ranđelović"),
)
ADMIN_FIRST_NAME = "Nikola"
ADMIN_LAST_NAME = "Cvetković"

# Residents per municipality, rounded from the 2022 census (Preševo and Bujanovac are
# estimates: the census there was largely boycotted). Used as weights for where
# candidates live.
MUNICIPALITY_POPULATION: dict[str, int] = {
    "nis": 249_500, "aleksinac": 41_700, "svrljig": 11_000, "merosina": 12_000,
    "razanj": 7_300, "doljevac": 15_800, "gadzin-han": 6_500,
    "leskovac": 123_900, "lebane": 18_800, "medvedja": 6_500, "bojnik": 9_500,
    "vlasotince": 27_500, "crna-trava": 1_100,
    "vranje": 74_400, "bujanovac": 41_000, "presevo": 34_000, "surdulica": 17_500,
    "vladicin-han": 17_000, "bosilegrad": 6_000, "trgoviste": 4_000,
    "pirot": 49_600, "dimitrovgrad": 8_300, "babusnica": 9_600, "bela-palanka": 10_000,
    "prokuplje": 38_000, "kursumlija": 15_900, "blace": 10_000, "zitoradja": 13_500,
    "zajecar": 48_000, "knjazevac": 26_000, "boljevac": 10_500, "sokobanja": 14_000,
    "bor": 39_300, "negotin": 30_600, "kladovo": 17_000, "majdanpek": 15_000,
}

DISTRICT_AREA_CODES: dict[str, str] = {
    NISAVSKI: "018", JABLANICKI: "016", PCINJSKI: "017", PIROTSKI: "010",
    TOPLICKI: "027", ZAJECARSKI: "019", BORSKI: "030",
}
MOBILE_PREFIXES: tuple[str, ...] = ("060", "061", "062", "063", "064", "065", "066", "069")
STREETS: tuple[str, ...] = (
    "Bulevar Nemanjića", "Vojvode Mišića", "Kralja Petra I", "Industrijska zona", "Nikole Pašića",
    "Cara Dušana", "Stevana Sremca", "Vožda Karađorđa", "Partizanska", "Kneza Miloša",
    "Svetog Save", "Njegoševa", "Nikole Tesle", "Trg oslobođenja", "Jug Bogdanova",
)

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

MALE_FIRST_NAMES: tuple[str, ...] = (
    "Marko", "Nikola", "Stefan", "Miloš", "Aleksandar", "Dragan", "Goran", "Dejan", "Nenad",
    "Ivan", "Milan", "Jovan", "Lazar", "Uroš", "Vladimir", "Dušan", "Zoran", "Saša", "Bojan",
    "Nemanja", "Predrag", "Slaviša", "Srđan", "Dalibor", "Miroslav", "Novica", "Bratislav",
    "Ljubiša", "Vlastimir", "Živko", "Velimir", "Radoslav", "Dobrivoje", "Miodrag", "Đorđe",
    "Filip", "Luka", "Vukašin", "Danilo", "Aleksa", "Boban", "Slobodan", "Zlatko", "Vladan",
)
FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Jelena", "Milica", "Marija", "Ana", "Jovana", "Ivana", "Dragana", "Snežana", "Tijana",
    "Katarina", "Biljana", "Gordana", "Slađana", "Danijela", "Marina", "Vesna", "Ljiljana",
    "Sanja", "Nevena", "Suzana", "Jasmina", "Violeta", "Zorica", "Dušica", "Mirjana",
    "Teodora", "Anđela", "Valentina", "Bojana", "Ljubica", "Dragica", "Stanislava", "Nataša",
    "Aleksandra", "Kristina", "Sara", "Emilija", "Jelica", "Radmila", "Vera",
)
# Surnames frequent in the Niš, Leskovac, Vranje and Pirot areas.
SURNAMES: tuple[str, ...] = (
    "Stojanović", "Stanković", "Mitić", "Ilić", "Cvetković", "Petrović", "Nikolić", "Jovanović",
    "Đorđević", "Milenković", "Živković", "Stojiljković", "Mladenović", "Ristić", "Krstić",
    "Ranđelović", "Veličković", "Kostić", "Denić", "Mitrović", "Pešić", "Antić", "Tasić",
    "Zdravković", "Todorović", "Nešić", "Marković", "Đokić", "Stamenković", "Jocić",
    "Trajković", "Ćirić", "Dimitrijević", "Vučković", "Spasić", "Lazarević", "Ivanović",
    "Simonović", "Momčilović", "Cvetanović", "Igić", "Mitrović", "Pavlović", "Jović",
    "Stošić", "Tošić", "Miljković", "Kocić", "Arsić", "Golubović", "Filipović", "Rašić",
)
ROMA_MALE_FIRST_NAMES: tuple[str, ...] = (
    "Bajram", "Ramadan", "Dževdet", "Selim", "Erdžan", "Sead", "Senad", "Muharem", "Amet",
    "Šaban", "Ekrem", "Ismet", "Safet", "Dragan", "Saša", "Goran", "Bekim", "Nedžat",
)
ROMA_FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Sabina", "Elvira", "Selvija", "Mirsada", "Zumreta", "Sanela", "Samanta", "Violeta",
    "Dženifer", "Ramiza", "Fatima", "Gordana", "Ljiljana", "Medina", "Šemsa", "Suzana",
)
ROMA_SURNAMES: tuple[str, ...] = (
    "Demirović", "Bajramović", "Ramadanović", "Osmanović", "Jašarević", "Salijević",
    "Ibraimović", "Kurtić", "Saćipović", "Rašidović", "Mustafić", "Alijević", "Durmišević",
    "Sejdić", "Memedović", "Selimović", "Ajdarević", "Redžepović", "Šaćirović", "Saitović",
    "Memišević", "Zećirović",
)
# Many Roma families in the south carry common Serbian surnames.
ROMA_SERBIAN_SURNAME_SHARE = 0.35

ALBANIAN_MALE_FIRST_NAMES: tuple[str, ...] = (
    "Arben", "Blerim", "Driton", "Valon", "Agon", "Fisnik", "Bekim", "Ilir", "Dren", "Besnik",
)
ALBANIAN_FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Arta", "Blerta", "Drita", "Valbona", "Mimoza", "Fjolla", "Lirije", "Teuta", "Merita",
)
ALBANIAN_SURNAMES: tuple[str, ...] = (
    "Ramadani", "Mustafa", "Ismaili", "Rexhepi", "Aliu", "Sadiku", "Salihu", "Hasani",
    "Shabani", "Bajrami", "Kadriu", "Jakupi",
)
BULGARIAN_MALE_FIRST_NAMES: tuple[str, ...] = (
    "Georgi", "Ivan", "Dimitar", "Boris", "Petar", "Zdravko", "Vladimir", "Hristo",
)
BULGARIAN_FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Ivanka", "Vesna", "Snežana", "Elena", "Margarita", "Radka", "Svetlana", "Valentina",
)
BULGARIAN_SURNAMES: tuple[str, ...] = (
    "Ivanov", "Petrov", "Georgiev", "Dimitrov", "Stojanov", "Mitov", "Nikolov", "Velinov",
    "Zahariev", "Tasev",
)
# Share of residents from the Albanian or Bulgarian community, by municipality (rounded).
MINORITY_SHARES: dict[str, tuple[str, float]] = {
    "presevo": ("albanian", 0.6),
    "bujanovac": ("albanian", 0.4),
    "medvedja": ("albanian", 0.2),
    "bosilegrad": ("bulgarian", 0.6),
    "dimitrovgrad": ("bulgarian", 0.45),
}
ROMA_SHARE = 0.2

# ---------------------------------------------------------------------------
# Returnees
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnCountry:
    code: str  # ISO 3166-1 alpha-2
    weight: int
    locative: str  # "u Nemačkoj"
    language: str  # ISO 639-1 of the language learnt there


RETURN_COUNTRIES: tuple[ReturnCountry, ...] = (
    ReturnCountry("DE", 50, "u Nemačkoj", "de"),
    ReturnCountry("AT", 14, "u Austriji", "de"),
    ReturnCountry("CH", 10, "u Švajcarskoj", "de"),
    ReturnCountry("SE", 9, "u Švedskoj", "sv"),
    ReturnCountry("FR", 8, "u Francuskoj", "fr"),
    ReturnCountry("BE", 3, "u Belgiji", "fr"),
    ReturnCountry("NL", 3, "u Holandiji", "nl"),
    ReturnCountry("IT", 3, "u Italiji", "it"),
)
RETURNEE_SHARE_ROMA = 0.5
RETURNEE_SHARE_OTHERS = 0.34  # with ~20 % Roma, about 35-37 % of candidates are returnees

# ---------------------------------------------------------------------------
# Occupations candidates come from
# ---------------------------------------------------------------------------

GRADUATE = "graduate"
TRAINED = "trained_beneficiary"
JOBSEEKER = "other_jobseeker"
CATEGORY_WEIGHTS: dict[str, int] = {GRADUATE: 35, TRAINED: 40, JOBSEEKER: 25}


@dataclass(frozen=True)
class Occupation:
    """A kind of candidate: what they learnt, which skills they have, how they describe work."""

    key: str
    noun: tuple[str, str]  # (male, female) "zavarivač", "zavarivačica"
    weights: dict[str, int]  # category -> weight
    female_share: float
    education_levels: tuple[int | None, ...]
    studies: tuple[tuple[str, str], ...]  # (institution, education field)
    skills: tuple[str, ...]  # Skill.code, most typical first
    workplaces: tuple[str, ...]  # locative phrases after "u": "jednoj fabrici konfekcije"
    extras: tuple[str, ...] = ()
    job_only: bool = False  # seeks a job rather than an internship


OCCUPATIONS: tuple[Occupation, ...] = (
    Occupation(
        "it_dev", ("programer", "programerka"), {GRADUATE: 18, JOBSEEKER: 4}, 0.35, (6, 6, 7),
        (("Elektronski fakultet u Nišu", "računarstvo i informatika"),
         ("Elektronski fakultet u Nišu", "softversko inženjerstvo"),
         ("Prirodno-matematički fakultet u Nišu", "informatika"),
         ("Akademija tehničko-vaspitačkih strukovnih studija Niš", "informacione tehnologije"),
         ("Akademija strukovnih studija Južna Srbija", "informatika")),
        ("it.python", "it.javascript", "it.java", "it.html", "it.css", "it.sql", "it.git",
         "it.programming", "it.php", "it.csharp", "it.js-frameworks", "it.django", "it.linux",
         "it.databases", "it.testing", "it.web-programming", "it.agile", "it.unit-testing"),
        ("jednoj IT firmi", "softverskoj kompaniji", "startapu", "agenciji za izradu sajtova"),
        ("Radim u timu, koristim Git svakodnevno.",
         "Na fakultetu sam {radio} nekoliko timskih projekata.",
         "Engleski koristim svakodnevno u radu."),
    ),
    Occupation(
        "it_support", ("IT tehničar", "IT tehničarka"), {GRADUATE: 4, TRAINED: 3, JOBSEEKER: 6},
        0.25, (4, 4, 5),
        (("Elektrotehnička škola „Mija Stanimirović” Niš", "elektrotehničar računara"),
         ("Tehnička škola Pirot", "elektrotehničar informacionih tehnologija"),
         ("Tehnička škola Vranje", "elektrotehničar računara")),
        ("it.helpdesk", "it.hardware", "it.os-install", "it.software-install", "it.troubleshooting",
         "it.networking", "office.ms-office", "it.wordpress", "it.linux"),
        ("servisu računara", "jednoj školi", "lokalnoj IT firmi", "prodavnici tehnike"),
        ("Sklapam računare i instaliram Windows.", "Popravljam laptopove za komšije i prijatelje."),
    ),
    Occupation(
        "designer", ("grafički dizajner", "grafička dizajnerka"), {GRADUATE: 6, JOBSEEKER: 2},
        0.6, (6, 6, 4),
        (("Fakultet umetnosti u Nišu", "grafički dizajn"),
         ("Akademija strukovnih studija Južna Srbija", "digitalni marketing i dizajn")),
        ("it.graphic-design", "it.photoshop", "it.illustrator", "it.coreldraw", "it.social-media",
         "it.digital-marketing", "it.content", "it.video-editing", "it.ui-ux"),
        ("štampariji", "marketinškoj agenciji", "lokalnoj televiziji"),
        ("Radim logotipe i plakate za lokalne firme.",),
    ),
    Occupation(
        "economist", ("ekonomista", "ekonomistkinja"), {GRADUATE: 16, JOBSEEKER: 3}, 0.65,
        (6, 6, 7),
        (("Ekonomski fakultet u Nišu", "računovodstvo, revizija i poslovne finansije"),
         ("Ekonomski fakultet u Nišu", "marketing i trgovina"),
         ("Akademija strukovnih studija Južna Srbija", "finansije, računovodstvo i bankarstvo")),
        ("office.bookkeeping", "office.accounting", "office.excel", "office.invoicing",
         "office.vat", "office.payroll", "office.financial-statements",
         "office.accounting-software",
         "office.ms-office", "office.reports", "office.correspondence", "retail.b2b-sales"),
        ("knjigovodstvenoj agenciji", "banci", "opštinskoj upravi", "trgovinskoj firmi"),
        ("Radim u Pantheonu i Excelu.", "Poznajem propise o PDV-u i e-fakturama."),
    ),
    Occupation(
        "engineer", ("inženjer mašinstva", "inženjerka mašinstva"), {GRADUATE: 10}, 0.25,
        (6, 6, 7),
        (("Mašinski fakultet u Nišu", "proizvodno mašinstvo"),
         ("Mašinski fakultet u Nišu", "mehatronika i upravljanje"),
         ("Akademija tehničko-vaspitačkih strukovnih studija Niš", "mašinsko inženjerstvo"),
         ("Tehnički fakultet u Boru", "inženjerski menadžment")),
        ("metal.technical-drawings", "it.autocad", "metal.cnc-programming", "metal.cnc-operation",
         "metal.precision-measuring", "metal.welding-inspection", "it.3d-modelling",
         "office.excel", "office.reports"),
        ("fabrici auto-delova", "metaloprerađivačkoj firmi", "konstrukcionom birou"),
        ("Crtam u AutoCAD-u i SolidWorksu.",),
    ),
    Occupation(
        "tourism", ("turistički tehničar", "turistička tehničarka"), {GRADUATE: 8, JOBSEEKER: 2},
        0.65, (6, 6, 4),
        (("Akademija strukovnih studija Južna Srbija", "turizam i ugostiteljstvo"),
         ("Prirodno-matematički fakultet u Nišu", "turizam"),
         ("Ugostiteljsko-turistička škola Niš", "turistički tehničar")),
        ("hospitality.reception", "hospitality.reservations", "hospitality.tour-guiding",
         "hospitality.tourist-info", "hospitality.guest-welcome", "office.ms-office",
         "it.social-media", "transversal.presentation"),
        ("hotelu u Sokobanji", "turističkoj agenciji", "turističkoj organizaciji opštine"),
        ("{Radio} sam kao vodič po Staroj planini.", "Radim sa gostima iz inostranstva."),
    ),
    Occupation(
        "agronomist", ("agronom", "agronomka"), {GRADUATE: 6}, 0.4, (6, 6, 7),
        (("Akademija strukovnih studija Južna Srbija, odsek Prokuplje", "poljoprivreda"),
         ("Poljoprivredni fakultet u Lešku", "ratarstvo i povrtarstvo")),
        ("agri.plant-protection", "agri.pesticide-safety", "agri.organic-farming",
         "agri.fruit-growing", "agri.vegetable-growing", "agri.irrigation",
         "agri.greenhouse-production", "driving.cat-b", "office.excel"),
        ("poljoprivrednoj apoteci", "zemljoradničkoj zadruzi", "porodičnom voćnjaku"),
        ("Savetujem proizvođače malina o zaštiti bilja.",),
    ),
    Occupation(
        "food_tech", ("tehnolog", "tehnološkinja"), {GRADUATE: 6}, 0.7, (6, 6, 7),
        (("Tehnološki fakultet u Leskovcu", "prehrambena tehnologija"),
         ("Tehnološki fakultet u Leskovcu", "biohemijsko inženjerstvo")),
        ("food.quality-control", "food.haccp", "food.food-safety", "food.food-hygiene",
         "food.production-line", "food.dairy-processing", "food.fruit-processing",
         "office.reports", "office.excel"),
        ("mlekari", "hladnjači za voće", "laboratoriji za kontrolu hrane"),
        ("Poznajem HACCP i ISO 22000.",),
    ),
    Occupation(
        "textile_tech", ("tekstilni tehnolog", "tekstilna tehnološkinja"), {GRADUATE: 3}, 0.8,
        (6, 6),
        (("Tehnološki fakultet u Leskovcu", "tekstilno inženjerstvo"),),
        ("textile.pattern-making", "textile.garment-quality", "textile.fabric-cutting",
         "textile.industrial-sewing", "it.autocad", "office.excel"),
        ("fabrici konfekcije", "tekstilnoj firmi"),
        (),
    ),
    Occupation(
        "teacher", ("učitelj", "učiteljica"), {GRADUATE: 8, JOBSEEKER: 2}, 0.85, (6, 6, 7),
        (("Pedagoški fakultet u Vranju", "učitelj"),
         ("Pedagoški fakultet u Vranju", "vaspitač u predškolskim ustanovama"),
         ("Filozofski fakultet u Nišu", "pedagogija")),
        ("education.teaching", "education.lesson-planning", "education.preschool",
         "education.child-development", "education.homework-help", "education.tutoring",
         "education.roma-assistant", "education.youth-work"),
        ("osnovnoj školi", "vrtiću", "produženom boravku", "omladinskom centru"),
        ("Radim sa decom iz romskih naselja.", "Držim privatne časove matematike."),
    ),
    Occupation(
        "nurse", ("medicinski tehničar", "medicinska sestra"), {GRADUATE: 8, JOBSEEKER: 4}, 0.8,
        (4, 4, 6),
        (("Medicinska škola „Dr Milenko Hadžić” Niš", "medicinska sestra – tehničar"),
         ("Medicinska škola Vranje", "medicinska sestra – tehničar"),
         ("Akademija strukovnih studija Južna Srbija", "strukovna medicinska sestra")),
        ("care.nurse", "care.vital-signs", "care.medication", "care.first-aid",
         "care.infection-control", "care.healthcare-communication", "care.elderly"),
        ("domu zdravlja", "kliničkom centru", "domu za stare", "privatnoj ordinaciji"),
        ("Imam položen stručni ispit.",),
    ),
    Occupation(
        "textile_worker", ("šivač", "šivačica"), {TRAINED: 14, JOBSEEKER: 6}, 0.85,
        (1, 2, 3, 3, None),
        (("Tehnološka škola Leskovac", "krojač"), ("Srednja škola Vlasotince", "krojač"),
         ("", "")),
        ("textile.sewing", "textile.industrial-sewing", "textile.overlock",
         "textile.flat-seam-machine", "textile.coverstitch", "textile.ironing",
         "textile.garment-finishing", "textile.hand-sewing", "textile.fabric-cutting",
         "transversal.shift-work"),
        ("jednoj fabrici konfekcije", "privatnoj šivari", "krojačkoj radnji", "fabrici rublja"),
        ("Radim na ravnoj i overlok mašini.", "Šijem brzo i precizno, ispunjavam normu."),
        job_only=True,
    ),
    Occupation(
        "footwear_worker", ("radnik u proizvodnji obuće", "radnica u proizvodnji obuće"),
        {TRAINED: 6, JOBSEEKER: 3}, 0.6, (1, 2, 3, None),
        (("Tehnološka škola Leskovac", "obućar"), ("", "")),
        ("textile.shoe-upper-stitching", "textile.shoe-upper-prep", "textile.footwear-cutting",
         "textile.shoe-lasting", "textile.shoe-soles", "textile.footwear-finishing",
         "textile.footwear-quality", "textile.industrial-sewing"),
        ("fabrici obuće", "radionici za kožnu galanteriju"),
        ("{Radio} sam na liniji za lepljenje đonova.",),
        job_only=True,
    ),
    Occupation(
        "welder", ("zavarivač", "zavarivačica"), {TRAINED: 8, JOBSEEKER: 4}, 0.05, (2, 3, 3, 4),
        (("Mašinska škola Niš", "bravar – zavarivač"),
         ("Tehnička škola Zaječar", "bravar"),
         ("Tehnička škola Leskovac", "zavarivač")),
        ("metal.welding", "metal.mag-welding", "metal.arc-welding", "metal.tig-welding",
         "metal.gas-cutting", "metal.grinding", "metal.locksmith", "metal.metal-cutting",
         "metal.technical-drawings", "metal.steel-structures"),
        ("bravarskoj radionici", "fabrici metalnih konstrukcija", "firmi za izradu ograda"),
        ("Imam atest za MAG zavarivanje.", "Varim elektrodom i žicom, čitam crteže."),
        job_only=True,
    ),
    Occupation(
        "machinist", ("CNC operater", "CNC operaterka"), {TRAINED: 3, JOBSEEKER: 3}, 0.15,
        (3, 3, 4),
        (("Mašinska škola Niš", "operater mašinske obrade"),
         ("Tehnička škola Pirot", "mašinski tehničar")),
        ("metal.cnc-operation", "metal.turning", "metal.milling", "metal.cnc-lathe",
         "metal.cnc-milling", "metal.precision-measuring", "metal.technical-drawings",
         "metal.drilling"),
        ("fabrici auto-delova", "metaloprerađivačkoj firmi", "alatnici"),
        ("Radim na Haas i Mazak mašinama.",),
        job_only=True,
    ),
    Occupation(
        "construction", ("građevinski radnik", "građevinska radnica"), {TRAINED: 10, JOBSEEKER: 6},
        0.03, (1, 1, 2, 3, None),
        (("Građevinska tehnička škola Niš", "zidar"), ("", "")),
        ("construction.bricklaying", "construction.plastering", "construction.concrete",
         "construction.rebar", "construction.formwork", "construction.tiling",
         "construction.painting", "construction.drywall", "construction.general-labour",
         "construction.scaffolding", "construction.facade", "construction.insulation",
         "construction.roofing", "construction.demolition"),
        ("građevinskoj firmi", "privatnoj firmi na gradilištu", "firmi za adaptacije stanova"),
        ("{Radio} sam na fasadama i unutrašnjim radovima.", "Imam svoj alat."),
        job_only=True,
    ),
    Occupation(
        "electrician", ("električar", "električarka"), {TRAINED: 4, JOBSEEKER: 3}, 0.05, (3, 4),
        (("Elektrotehnička škola „Mija Stanimirović” Niš", "elektroinstalater"),
         ("Tehnička škola Knjaževac", "elektromonter mreža i postrojenja")),
        ("electrical.installations", "electrical.sockets-switches", "electrical.lighting",
         "electrical.switchboards", "electrical.diagrams", "electrical.measurement",
         "electrical.safety", "electrical.maintenance", "electrical.air-conditioning",
         "electrical.solar-pv"),
        ("firmi za elektroinstalacije", "održavanju u fabrici", "elektrodistribuciji"),
        ("Montiram klime i razvodne table.",),
        job_only=True,
    ),
    Occupation(
        "plumber", ("vodoinstalater", "vodoinstalaterka"), {TRAINED: 3, JOBSEEKER: 2}, 0.02, (2, 3),
        (("Građevinska tehnička škola Niš", "instalater"), ("", "")),
        ("construction.plumbing", "construction.central-heating", "construction.radiators",
         "construction.boilers", "construction.sanitary", "construction.pex-pipes",
         "construction.plumbing-repair"),
        ("firmi za instalacije", "javnom komunalnom preduzeću"),
        (),
        job_only=True,
    ),
    Occupation(
        "waiter", ("konobar", "konobarica"), {TRAINED: 8, JOBSEEKER: 5}, 0.55, (2, 3, 3, 4),
        (("Ugostiteljsko-turistička škola Niš", "konobar"),
         ("Ugostiteljsko-turistička škola Vranje", "konobar"), ("", "")),
        ("hospitality.waiting-tables", "hospitality.order-taking", "hospitality.drinks-service",
         "hospitality.bartending", "hospitality.barista", "hospitality.banquets",
         "hospitality.table-setting", "retail.cashier"),
        ("kafiću", "restoranu", "hotelu u Sokobanji", "kafani"),
        ("{Radio} sam na svadbama vikendom.", "Snalazim se sa gostima."),
    ),
    Occupation(
        "cook", ("kuvar", "kuvarica"), {TRAINED: 7, JOBSEEKER: 4}, 0.6, (2, 3, 3),
        (("Ugostiteljsko-turistička škola Niš", "kuvar"), ("", "")),
        ("hospitality.cooking", "hospitality.traditional-cuisine", "hospitality.grill",
         "hospitality.meat-dishes", "hospitality.kitchen-assistant", "hospitality.cold-kitchen",
         "hospitality.pastry", "hospitality.pizza", "food.food-hygiene", "food.burek-pies"),
        ("restoranu", "školskoj kuhinji", "ketering firmi", "roštiljnici u Leskovcu"),
        ("Imam sanitarnu knjižicu.", "Spremam domaća jela i roštilj."),
    ),
    Occupation(
        "cleaner", ("higijeničar", "higijeničarka"), {TRAINED: 8, JOBSEEKER: 5}, 0.85,
        (1, 1, 2, None),
        (("", ""),),
        ("cleaning.general-cleaning", "cleaning.office-cleaning", "cleaning.household-cleaning",
         "cleaning.floor-machines", "cleaning.windows", "cleaning.disinfection",
         "cleaning.cleaning-chemicals", "hospitality.housekeeping", "hospitality.bed-making",
         "cleaning.laundry"),
        ("firmi za čišćenje", "hotelu", "bolnici", "tržnom centru"),
        ("Radim pedantno i brzo.",),
        job_only=True,
    ),
    Occupation(
        "farm_worker", ("poljoprivredni radnik", "poljoprivredna radnica"),
        {TRAINED: 10, JOBSEEKER: 5}, 0.45, (1, 1, 2, 3, 4, None),
        (("Poljoprivredna škola Prokuplje", "poljoprivredni tehničar"), ("", "")),
        ("agri.harvesting", "agri.raspberry-growing", "agri.plum-growing", "agri.fruit-growing",
         "agri.vegetable-growing", "agri.greenhouse-production", "agri.pruning", "agri.planting",
         "agri.irrigation", "agri.tractor-operation", "agri.livestock-care",
         "agri.tobacco-growing", "agri.wild-herbs-berries", "driving.cat-f"),
        ("voćnjaku", "plasteniku", "zemljoradničkoj zadruzi", "stočarskoj farmi"),
        ("Imamo malinjak i šljivik kod kuće.", "Vozim traktor."),
        job_only=True,
    ),
    Occupation(
        "food_worker", ("radnik u prehrambenoj industriji", "radnica u prehrambenoj industriji"),
        {TRAINED: 8, JOBSEEKER: 4}, 0.6, (1, 2, 3, None),
        (("Tehnološka škola Leskovac", "prehrambeni tehničar"), ("", "")),
        ("food.production-line", "food.packaging-machines", "food.fruit-sorting",
         "food.fruit-packing", "food.cold-storage", "food.bakery", "food.meat-processing",
         "food.labelling", "food.food-hygiene", "food.preserves"),
        ("hladnjači za maline", "pekari", "mesnoj industriji", "fabrici sokova"),
        ("{Radio} sam u smenama na pakovanju.",),
        job_only=True,
    ),
    Occupation(
        "retail", ("prodavac", "prodavačica"), {TRAINED: 8, JOBSEEKER: 7}, 0.7, (3, 3, 4),
        (("Ekonomsko-trgovinska škola Leskovac", "trgovac"),
         ("Trgovinska škola Niš", "trgovinski tehničar"), ("Ekonomska škola Pirot", "trgovac")),
        ("retail.sales", "retail.cashier", "retail.customer-service", "retail.shelf-stocking",
         "retail.cash-up", "retail.payments", "retail.pricing", "retail.complaints",
         "retail.merchandising", "retail.counter-sales", "retail.market-stall"),
        ("supermarketu", "butiku", "pekari", "prodavnici mešovite robe"),
        ("Radim na fiskalnoj kasi.", "Volim rad sa kupcima."),
    ),
    Occupation(
        "warehouse", ("magacioner", "magacionerka"), {TRAINED: 6, JOBSEEKER: 4}, 0.25,
        (2, 3, 3, 4),
        (("Saobraćajna tehnička škola Niš", "tehničar drumskog saobraćaja"), ("", "")),
        ("logistics.warehouse", "logistics.forklift", "logistics.pallet-truck", "logistics.picking",
         "logistics.packing", "logistics.loading", "logistics.unloading", "logistics.inventory",
         "logistics.goods-receipt", "logistics.barcode", "driving.forklift-licence"),
        ("veleprodaji", "distributivnom centru", "magacinu građevinskog materijala"),
        ("Imam uverenje za viljuškar.",),
        job_only=True,
    ),
    Occupation(
        "driver", ("vozač", "vozačica"), {TRAINED: 6, JOBSEEKER: 5}, 0.08, (3, 3, 4),
        (("Saobraćajna tehnička škola Niš", "vozač motornih vozila"), ("", "")),
        ("driving.cat-b", "driving.cat-c", "driving.cat-ce", "driving.cpc", "driving.tachograph",
         "driving.delivery-van", "driving.international-transport", "driving.gps",
         "driving.vehicle-checks", "logistics.courier"),
        ("transportnoj firmi", "kurirskoj službi", "pekari (dostava)"),
        ("Imam kod 95 i tahografsku karticu.", "Imam iskustvo sa turama po Evropi."),
        job_only=True,
    ),
    Occupation(
        "carer", ("negovatelj", "negovateljica"), {TRAINED: 8, JOBSEEKER: 4}, 0.85, (2, 3, 4),
        (("Medicinska škola Vranje", "negovatelj"), ("", "")),
        ("care.elderly", "care.home-care", "care.personal-care", "care.mobility", "care.first-aid",
         "care.vital-signs", "care.elderly-medication", "care.dementia",
         "care.nursing-assistant", "cleaning.household-cleaning"),
        ("domu za stare", "službi pomoći u kući", "privatnoj porodici"),
        ("Godinama sam {pomagao} u nezi nepokretne bake.",),
        job_only=True,
    ),
    Occupation(
        "hairdresser", ("frizer", "frizerka"), {TRAINED: 4, JOBSEEKER: 3}, 0.8, (3, 3),
        (("Srednja škola za lične usluge", "frizer"),),
        ("beauty.hairdressing", "beauty.haircutting", "beauty.hair-styling",
         "beauty.hair-colouring", "beauty.hair-washing", "beauty.barbering", "beauty.manicure",
         "beauty.makeup"),
        ("frizerskom salonu", "berbernici", "kozmetičkom salonu"),
        ("Želim da otvorim svoj salon.",),
    ),
    Occupation(
        "office", ("administrativni radnik", "administrativna radnica"),
        {GRADUATE: 4, TRAINED: 4, JOBSEEKER: 8}, 0.7, (4, 4, 4, 6),
        (("Ekonomska škola Niš", "ekonomski tehničar"),
         ("Gimnazija „Bora Stanković” Vranje", "opšti smer"),
         ("Ekonomska škola Pirot", "finansijski administrator")),
        ("office.clerical", "office.data-entry", "office.ms-office", "office.word", "office.excel",
         "office.records", "office.documents", "office.phone", "office.reception", "office.email",
         "office.call-centre", "office.typing"),
        ("opštinskoj upravi", "advokatskoj kancelariji", "kol centru", "javnom preduzeću"),
        ("Kucam brzo, radim u Wordu i Excelu.",),
    ),
    Occupation(
        "woodworker", ("stolar", "stolarka"), {TRAINED: 3, JOBSEEKER: 2}, 0.05, (2, 3, 3),
        (("Tehnička škola Vladičin Han", "stolar"), ("", "")),
        ("wood.joinery", "wood.furniture-making", "wood.furniture-assembly", "wood.panel-cutting",
         "wood.woodworking-machines", "wood.sanding", "wood.finishing", "wood.circular-saw",
         "wood.sawmill", "wood.wood-joints"),
        ("stolarskoj radionici", "fabrici nameštaja", "pilani"),
        ("Pravim kuhinje po meri.",),
        job_only=True,
    ),
)

# Transversal skills candidates mention next to their trade.
TRANSVERSAL_SKILLS: tuple[str, ...] = (
    "transversal.teamwork", "transversal.communication", "transversal.punctuality",
    "transversal.reliability", "transversal.responsibility", "transversal.learning",
    "transversal.digital-literacy", "transversal.physical-stamina", "transversal.commitment",
    "transversal.politeness", "transversal.independence", "transversal.adaptability",
)
DRIVING_LICENCE_SKILL = "driving.cat-b"
# Transversal skills graduates seeking office or lab work would not list.
MANUAL_WORK_SKILLS: frozenset[str] = frozenset({"transversal.physical-stamina"})

# Experience, in the candidate's words. Placeholders: gendered verb forms ({Radio},
# {radio}, {Zavrsio}, {zavrsio}, {obavio}, {Vratio}, {Ziveo}, {Spreman}, {pomagao}),
# {years}, {noun}, {workplace}, {extra}, {field}, {country}/{Country} ("u Nemačkoj"/"U
# Nemačkoj"), {return_year}.
GENDER_FORMS: dict[str, dict[str, str]] = {
    "male": {"Radio": "Radio", "radio": "radio", "Zavrsio": "Završio", "zavrsio": "završio",
             "obavio": "obavio", "Vratio": "Vratio", "Ziveo": "Živeo", "Spreman": "Spreman",
             "pomagao": "pomagao"},
    "female": {"Radio": "Radila", "radio": "radila", "Zavrsio": "Završila",
               "zavrsio": "završila", "obavio": "obavila", "Vratio": "Vratila",
               "Ziveo": "Živela", "Spreman": "Spremna", "pomagao": "pomagala"},
}
LOCAL_EXPERIENCE: tuple[str, ...] = (
    "{Radio} sam {years} kao {noun} u {workplace}. {extra}",
    "Imam {years} iskustva kao {noun}, poslednje u {workplace}. {extra}",
    "{years} sam {radio} kao {noun} u {workplace}, uglavnom bez ugovora. {extra}",
    "{Radio} sam sezonski i na crno, najduže {years} u {workplace}. {extra}",
)
NO_EXPERIENCE: tuple[str, ...] = (
    "Nemam radno iskustvo sa ugovorom, ali sam {pomagao} u porodičnom poslu. {extra}",
    "Tek sam {zavrsio} školu i tražim prvi posao. {Spreman} sam da učim.",
    "Bez iskustva. {Spreman} sam za obuku i rad u smenama.",
)
GRADUATE_EXPERIENCE: tuple[str, ...] = (
    "{Zavrsio} sam studije, smer {field}. Stručnu praksu sam {obavio} u {workplace}. {extra}",
    "Diploma: {field}. Tokom studija sam {radio} honorarno u {workplace}. {extra}",
    "{Zavrsio} sam studije ({field}) i tražim prvu praksu u struci. {extra}",
)
RETURNEE_EXPERIENCE: tuple[str, ...] = (
    "{Country} sam {radio} {years} kao {noun}. {Vratio} sam se {return_year}. godine i želim"
    " da radim ovde, u svom kraju.",
    "{Ziveo} sam {years} {country} i {radio} kao {noun}. Posle povratka {return_year}. tražim"
    " stalan posao. {extra}",
    "{Country} sam {radio} u {workplace}, {years}. Govorim jezik, imam iskustvo. {extra}",
)
GENERIC_EXTRAS: tuple[str, ...] = (
    "{Spreman} sam za rad u smenama.",
    "Imam vozačku B kategoriju.",
    "Brzo učim i volim timski rad.",
    "Tražim posao u svom mestu ili okolini.",
    "",
)

# ---------------------------------------------------------------------------
# Companies and placements
# ---------------------------------------------------------------------------

SECTOR_NACE: dict[str, str] = {
    "it": "J", "bpo": "N", "textile": "C", "footwear": "C", "food": "C", "metal": "C",
    "wood": "C", "construction": "F", "hospitality": "I", "agri": "A", "trade": "G",
    "logistics": "H", "care": "Q",
}


@dataclass(frozen=True)
class CompanyTemplate:
    legal_name: str
    sector: str  # a key of SECTOR_NACE and PLACEMENT_TEMPLATES
    municipality: str  # municipality code
    weight: int  # how many placements it tends to post, relative to others
    description: str


# Fictional companies that look like the region's employers. Larger centres get more.
COMPANY_TEMPLATES: tuple[CompanyTemplate, ...] = (
    CompanyTemplate("Nišware Solutions d.o.o.", "it", "nis", 4,
                    "Razvoj veb i mobilnih aplikacija za klijente iz Nemačke i Austrije."),
    CompanyTemplate("Kodilica d.o.o.", "it", "nis", 3,
                    "Softverska firma iz Niša; Python i JavaScript projekti, mentorski program."),
    CompanyTemplate("Južni Bit d.o.o.", "it", "nis", 3,
                    "IT podrška, mreže i održavanje računara za firme i škole u regionu."),
    CompanyTemplate("Naissus Data Lab d.o.o.", "it", "nis", 2,
                    "Analiza podataka i izveštavanje za trgovinske lance i proizvođače."),
    CompanyTemplate("Južna Linija Kontakt Centar d.o.o.", "bpo", "nis", 3,
                    "Kontakt centar za korisnike iz zemalja nemačkog govornog područja."),
    CompanyTemplate("Nišmetal Komerc d.o.o.", "metal", "nis", 3,
                    "Metalne konstrukcije, bravarija i CNC obrada po narudžbini."),
    CompanyTemplate("Građevinar Medijana d.o.o.", "construction", "nis", 2,
                    "Stambena gradnja i adaptacije u Nišu i okolini."),
    CompanyTemplate("Pekara Zlatni Klas d.o.o.", "food", "nis", 2,
                    "Porodična pekara sa šest objekata u Nišu; hleb, peciva i burek."),
    CompanyTemplate("Južnjak Trgovina d.o.o.", "trade", "nis", 2,
                    "Lanac prodavnica mešovite robe u Nišavskom okrugu."),
    CompanyTemplate("Brzi Kurir Jug d.o.o.", "logistics", "nis", 2,
                    "Kurirske usluge i distribucija robe po jugu Srbije."),
    CompanyTemplate("Zlatno Doba Nega d.o.o.", "care", "nis", 1,
                    "Pomoć i nega u kući za starije osobe."),
    CompanyTemplate("Moravac Metal d.o.o.", "metal", "aleksinac", 2,
                    "Proizvodnja delova za poljoprivredne mašine."),
    CompanyTemplate("Tekstil Veternica d.o.o.", "textile", "leskovac", 3,
                    "Konfekcija ženske odeće za evropske brendove, oko 200 zaposlenih."),
    CompanyTemplate("Leskovačka Konfekcija Vlasina d.o.o.", "textile", "leskovac", 2,
                    "Šivenje radne i zaštitne odeće."),
    CompanyTemplate("Mesara Leskovački Roštilj d.o.o.", "food", "leskovac", 2,
                    "Prerada mesa i proizvodnja roštilj programa."),
    CompanyTemplate("Leskovac Soft d.o.o.", "it", "leskovac", 2,
                    "Izrada sajtova i onlajn prodavnica za male firme."),
    CompanyTemplate("Jablanica Gradnja d.o.o.", "construction", "leskovac", 2,
                    "Niskogradnja i visokogradnja, javni i privatni objekti."),
    CompanyTemplate("Zemljoradnička zadruga Leskovačko Polje", "agri", "leskovac", 1,
                    "Proizvodnja paprike, paradajza i kupusa u plastenicima i na otvorenom."),
    CompanyTemplate("Obuća Vlasina d.o.o.", "footwear", "vlasotince", 2,
                    "Proizvodnja kožne obuće za italijanske kupce."),
    CompanyTemplate("Vlasotinačka Konfekcija d.o.o.", "textile", "vlasotince", 2,
                    "Šivenje trikotaže i dečje odeće."),
    CompanyTemplate("Lebanska Trgovina d.o.o.", "trade", "lebane", 1,
                    "Veleprodaja i maloprodaja prehrambene robe."),
    CompanyTemplate("Sijarinska Banja Turist d.o.o.", "hospitality", "medvedja", 1,
                    "Hotel i banjski centar u Sijarinskoj Banji."),
    CompanyTemplate("Crnotravski Graditelji d.o.o.", "construction", "crna-trava", 1,
                    "Tradicija crnotravskih neimara; fasade i završni radovi."),
    CompanyTemplate("Pčinja Tekstil d.o.o.", "textile", "vranje", 3,
                    "Proizvodnja košulja i bluza, rad u dve smene."),
    CompanyTemplate("Vranjska Obuća d.o.o.", "footwear", "vranje", 2,
                    "Proizvodnja gornjišta i gotove obuće."),
    CompanyTemplate("Pčinja Soft d.o.o.", "it", "vranje", 2,
                    "Razvoj softvera i testiranje za klijente iz EU; rad na daljinu moguć."),
    CompanyTemplate("Vranjska Banja Resort d.o.o.", "hospitality", "vranje", 2,
                    "Hotel sa wellness centrom u Vranjskoj Banji."),
    CompanyTemplate("Metalprerada Vranje d.o.o.", "metal", "vranje", 2,
                    "Zavarene konstrukcije i plastifikacija metala."),
    CompanyTemplate("Izvor Bujanovac d.o.o.", "food", "bujanovac", 1,
                    "Punjenje izvorske vode i sokova."),
    CompanyTemplate("Drvoprerada Vlasina d.o.o.", "wood", "vladicin-han", 1,
                    "Pilana i proizvodnja nameštaja od masivnog drveta."),
    CompanyTemplate("Vlasinsko Jezero Turist d.o.o.", "hospitality", "surdulica", 1,
                    "Smeštaj i restoran na Vlasinskom jezeru."),
    CompanyTemplate("Preševo Market d.o.o.", "trade", "presevo", 1,
                    "Maloprodajni objekti u Preševu i Bujanovcu."),
    CompanyTemplate("Pirotski Ćilim Manufaktura d.o.o.", "textile", "pirot", 2,
                    "Ručno tkanje pirotskog ćilima i tekstilni suveniri."),
    CompanyTemplate("Sirana Stara Planina d.o.o.", "food", "pirot", 2,
                    "Proizvodnja pirotskog kačkavalja i sira."),
    CompanyTemplate("Pirot Auto Delovi d.o.o.", "metal", "pirot", 3,
                    "Proizvodnja gumeno-metalnih delova za auto industriju."),
    CompanyTemplate("Nišava Gradnja Pirot d.o.o.", "construction", "pirot", 1,
                    "Izgradnja i rekonstrukcija stambenih objekata."),
    CompanyTemplate("Caribrod Logistik d.o.o.", "logistics", "dimitrovgrad", 2,
                    "Špedicija i međunarodni transport na graničnom prelazu Gradina."),
    CompanyTemplate("Toplica Vino d.o.o.", "food", "prokuplje", 1,
                    "Vinarija; vina od sorte prokupac."),
    CompanyTemplate("Agro Toplica d.o.o.", "agri", "prokuplje", 2,
                    "Zasadi malina i šljiva, hladnjača za voće."),
    CompanyTemplate("Blačka Malina d.o.o.", "food", "blace", 1,
                    "Otkup, zamrzavanje i izvoz malina."),
    CompanyTemplate("Kopaonik Jug Turizam d.o.o.", "hospitality", "kursumlija", 1,
                    "Hotel i restoran na putu ka Kopaoniku."),
    CompanyTemplate("Timok Metal d.o.o.", "metal", "zajecar", 2,
                    "Mašinska obrada i održavanje rudarske opreme."),
    CompanyTemplate("Zaječarska Trgovina d.o.o.", "trade", "zajecar", 1,
                    "Prodavnice građevinskog materijala."),
    CompanyTemplate("Sokobanjski Konak d.o.o.", "hospitality", "sokobanja", 2,
                    "Hotel i restoran domaće kuhinje u centru Sokobanje."),
    CompanyTemplate("Stara Planina Etno Kuće d.o.o.", "hospitality", "knjazevac", 1,
                    "Seoski turizam i etno smeštaj u selima Stare planine."),
    CompanyTemplate("Borska Mašinska Radionica d.o.o.", "metal", "bor", 2,
                    "Održavanje i remont mašina za rudnike i industriju."),
    CompanyTemplate("Krajina Vinogradi d.o.o.", "agri", "negotin", 1,
                    "Vinogradi i vinski podrumi Negotinske krajine."),
    CompanyTemplate("Đerdap Turist d.o.o.", "hospitality", "kladovo", 1,
                    "Hotel i nautički turizam na Dunavu."),
)


@dataclass(frozen=True)
class PlacementTemplate:
    title: str
    description: str
    required: tuple[str, ...]  # Skill.code; 2-5 of them are asked for
    preferred: tuple[str, ...] = ()  # Skill.code; 0-3 of them are asked for
    min_education_level: int | None = None
    languages: tuple[tuple[str, str], ...] = ()  # (language, CEFR level)
    pay_rsd: tuple[int, int] = (60_000, 75_000)  # net monthly pay for a job
    internship: bool = True  # may be offered as an internship
    remote_possible: bool = False


INTERNSHIP_PAY_RSD = (50_000, 60_000)
ENGLISH_B2: tuple[tuple[str, str], ...] = (("en", "B2"),)
GERMAN_B1: tuple[tuple[str, str], ...] = (("de", "B1"),)

PLACEMENT_TEMPLATES: dict[str, tuple[PlacementTemplate, ...]] = {
    "it": (
        PlacementTemplate(
            "Junior Python programer",
            "Razvoj backend servisa u Pythonu i Djangu uz mentora; rad na projektima za klijente iz"
            " EU.",
            ("it.python", "it.programming", "it.git", "it.sql", "transversal.teamwork"),
            ("it.django", "it.linux", "it.unit-testing", "it.postgresql"),
            6, ENGLISH_B2, (100_000, 150_000), remote_possible=True),
        PlacementTemplate(
            "Junior frontend programer",
            "Izrada korisničkog interfejsa veb aplikacija (React), saradnja sa dizajnerima.",
            ("it.javascript", "it.html", "it.css", "it.js-frameworks", "it.git"),
            ("it.typescript", "it.ui-ux", "transversal.creativity"),
            6, ENGLISH_B2, (95_000, 140_000), remote_possible=True),
        PlacementTemplate(
            "Java programer",
            "Održavanje i razvoj poslovnih aplikacija u Javi; agilni tim od šest ljudi.",
            ("it.java", "it.programming", "it.sql", "it.git"),
            ("it.agile", "it.unit-testing", "it.databases"),
            6, ENGLISH_B2, (110_000, 170_000), remote_possible=True),
        PlacementTemplate(
            "QA tester",
            "Manuelno i automatizovano testiranje veb i mobilnih aplikacija, pisanje izveštaja o"
            " greškama.",
            ("it.testing", "transversal.attention-to-detail", "it.sql"),
            ("it.test-automation", "it.agile", "office.excel"),
            6, ENGLISH_B2, (85_000, 120_000), remote_possible=True),
        PlacementTemplate(
            "IT podrška korisnicima (helpdesk)",
            "Podrška zaposlenima klijenata: instalacija računara, rešavanje problema, mreža.",
            ("it.helpdesk", "it.troubleshooting", "it.os-install", "transversal.communication"),
            ("it.networking", "it.hardware", "office.ms-office"),
            4, (("en", "B1"),), (70_000, 90_000)),
        PlacementTemplate(
            "Sistem administrator",
            "Održavanje Linux servera, mreža i rezervnih kopija za klijente u regionu.",
            ("it.sysadmin", "it.linux", "it.networking", "it.cybersecurity"),
            ("it.cloud", "it.devops", "it.databases"),
            6, ENGLISH_B2, (110_000, 160_000)),
        PlacementTemplate(
            "Grafički dizajner",
            "Dizajn za društvene mreže, štampu i veb; rad u malom kreativnom timu.",
            ("it.graphic-design", "it.photoshop", "it.illustrator", "transversal.creativity"),
            ("it.ui-ux", "it.social-media", "it.coreldraw"),
            4, ENGLISH_B2, (70_000, 100_000), remote_possible=True),
        PlacementTemplate(
            "Asistent za digitalni marketing",
            "Vođenje društvenih mreža i kampanja za lokalne firme i turističke objekte.",
            ("it.digital-marketing", "it.social-media", "it.content", "transversal.communication"),
            ("it.seo", "it.email-marketing", "it.video-editing"),
            6, ENGLISH_B2, (70_000, 95_000), remote_possible=True),
        PlacementTemplate(
            "PHP / WordPress programer",
            "Izrada i održavanje sajtova i onlajn prodavnica na WordPressu.",
            ("it.php", "it.wordpress", "it.mysql", "it.html", "it.css"),
            ("it.javascript", "it.seo"),
            4, ENGLISH_B2, (80_000, 120_000), remote_possible=True),
        PlacementTemplate(
            "Analitičar podataka",
            "Priprema izveštaja i analiza prodaje za klijente; SQL, Excel i Power BI.",
            ("it.data-analysis", "it.sql", "office.excel", "transversal.analytical"),
            ("it.python", "it.machine-learning"),
            6, ENGLISH_B2, (100_000, 140_000)),
    ),
    "bpo": (
        PlacementTemplate(
            "Operater u kontakt centru sa nemačkim jezikom",
            "Telefonska i pisana podrška korisnicima iz Nemačke i Austrije. Idealno za povratnike"
            " koji govore nemački.",
            ("office.call-centre", "retail.customer-service", "office.phone",
             "transversal.digital-literacy"),
            ("transversal.stress", "office.email", "office.data-entry"),
            4, GERMAN_B1, (80_000, 110_000)),
        PlacementTemplate(
            "Agent korisničke podrške (engleski jezik)",
            "Odgovaranje na upite korisnika putem mejla i četa.",
            ("retail.customer-service", "office.email", "transversal.communication"),
            ("office.call-centre", "transversal.stress"),
            4, ENGLISH_B2, (70_000, 90_000), remote_possible=True),
        PlacementTemplate(
            "Operater za unos podataka",
            "Unos i provera podataka o porudžbinama u sistem klijenta.",
            ("office.data-entry", "office.typing", "transversal.attention-to-detail"),
            ("office.excel",),
            4, (), (60_000, 70_000)),
    ),
    "textile": (
        PlacementTemplate(
            "Šivač / šivačica u konfekciji",
            "Šivenje na industrijskim mašinama po normi; obuka za nove radnike u prvom mesecu.",
            ("textile.industrial-sewing", "textile.sewing", "textile.flat-seam-machine",
             "transversal.attention-to-detail"),
            ("textile.overlock", "textile.coverstitch", "transversal.shift-work"),
            None, (), (58_000, 68_000)),
        PlacementTemplate(
            "Rukovalac overlok mašinom",
            "Rad na overlok i rec mašinama u proizvodnji trikotaže.",
            ("textile.overlock", "textile.industrial-sewing", "transversal.instructions"),
            ("textile.coverstitch", "textile.garment-finishing"),
            None, (), (58_000, 66_000)),
        PlacementTemplate(
            "Krojač / sekač tkanine",
            "Polaganje i sečenje tkanine u krojnom odeljenju.",
            ("textile.fabric-cutting", "transversal.attention-to-detail",
             "transversal.instructions"),
            ("textile.pattern-making", "textile.sewing"),
            3, (), (62_000, 72_000)),
        PlacementTemplate(
            "Kontrolor kvaliteta gotove odeće",
            "Kontrola šavova i mera, vođenje evidencije o greškama.",
            ("textile.garment-quality", "textile.garment-finishing",
             "transversal.attention-to-detail"),
            ("office.data-entry", "textile.sewing"),
            3, (), (65_000, 75_000)),
        PlacementTemplate(
            "Pegler / peglerka",
            "Završno peglanje i pakovanje gotove odeće.",
            ("textile.ironing", "textile.garment-finishing", "transversal.physical-stamina"),
            ("textile.garment-quality",),
            None, (), (56_000, 62_000), internship=False),
        PlacementTemplate(
            "Mehaničar šivaćih mašina",
            "Održavanje i popravka industrijskih šivaćih mašina u dve smene.",
            ("textile.sewing-machine-maintenance", "metal.machine-fitter",
             "transversal.problem-solving"),
            ("electrical.maintenance",),
            3, (), (75_000, 90_000)),
        PlacementTemplate(
            "Tekstilni tehnolog – pripravnik",
            "Priprema proizvodnje, krojne slike i kontrola kvaliteta uz glavnog tehnologa.",
            ("textile.pattern-making", "textile.garment-quality", "office.excel"),
            ("it.autocad", "office.reports"),
            6, (("en", "B1"),), (80_000, 95_000)),
    ),
    "footwear": (
        PlacementTemplate(
            "Šivač / šivačica gornjišta obuće",
            "Šivenje kožnih gornjišta na industrijskim mašinama.",
            ("textile.shoe-upper-stitching", "textile.industrial-sewing",
             "transversal.attention-to-detail"),
            ("textile.shoe-upper-prep",),
            None, (), (58_000, 68_000)),
        PlacementTemplate(
            "Radnik / radnica na montaži obuće",
            "Navlačenje na kalup, lepljenje đonova i završna obrada.",
            ("textile.shoe-lasting", "textile.shoe-soles", "transversal.instructions"),
            ("textile.footwear-finishing", "transversal.shift-work"),
            None, (), (57_000, 65_000)),
        PlacementTemplate(
            "Krojač kože za obuću",
            "Ručno i mašinsko krojenje kože po šablonu.",
            ("textile.footwear-cutting", "transversal.attention-to-detail"),
            ("textile.leather-goods",),
            None, (), (60_000, 70_000)),
        PlacementTemplate(
            "Kontrolor kvaliteta obuće",
            "Kontrola gotove obuće pre pakovanja i izvoza.",
            ("textile.footwear-quality", "textile.footwear-finishing",
             "transversal.attention-to-detail"),
            ("office.data-entry",),
            3, (), (62_000, 72_000)),
    ),
    "food": (
        PlacementTemplate(
            "Pekar",
            "Priprema testa i pečenje hleba i peciva, noćna smena.",
            ("food.bakery", "food.dough-shaping", "food.bakery-ovens", "food.food-hygiene"),
            ("food.burek-pies", "transversal.shift-work"),
            None, (), (65_000, 80_000)),
        PlacementTemplate(
            "Radnik u preradi mesa",
            "Rasecanje, otkoštavanje i priprema mesa za roštilj program.",
            ("food.meat-processing", "food.butchery", "food.food-hygiene"),
            ("food.cured-meats", "food.haccp"),
            None, (), (65_000, 78_000)),
        PlacementTemplate(
            "Radnik u mlekari / sirari",
            "Prerada mleka i proizvodnja kačkavalja.",
            ("food.dairy-processing", "food.cheese-making", "food.food-hygiene"),
            ("food.haccp",),
            None, (), (60_000, 72_000)),
        PlacementTemplate(
            "Radnik na liniji za pakovanje",
            "Rukovanje mašinom za pakovanje i etiketiranje proizvoda.",
            ("food.packaging-machines", "food.production-line", "food.food-hygiene"),
            ("food.labelling", "transversal.shift-work"),
            None, (), (58_000, 66_000), internship=False),
        PlacementTemplate(
            "Tehnolog za kontrolu kvaliteta – pripravnik",
            "Uzimanje uzoraka, kontrola kvaliteta i vođenje HACCP dokumentacije.",
            ("food.quality-control", "food.haccp", "food.food-safety"),
            ("office.excel", "office.reports"),
            6, (("en", "B1"),), (80_000, 95_000)),
        PlacementTemplate(
            "Radnik u hladnjači",
            "Klasiranje, zamrzavanje i pakovanje malina i drugog voća.",
            ("food.cold-storage", "food.fruit-sorting", "food.fruit-packing"),
            ("logistics.forklift", "transversal.physical-stamina"),
            None, (), (58_000, 65_000), internship=False),
        PlacementTemplate(
            "Podrumar u vinariji",
            "Rad u podrumu, punjenje i etiketiranje vina, pomoć pri berbi.",
            ("food.winemaking", "food.food-hygiene"),
            ("agri.grape-harvest", "food.labelling"),
            3, (), (62_000, 75_000)),
    ),
    "metal": (
        PlacementTemplate(
            "Zavarivač",
            "MAG zavarivanje čeličnih konstrukcija po tehničkom crtežu. Radimo za kupce iz"
            " Nemačke; povratnici sa iskustvom su dobrodošli.",
            ("metal.welding", "metal.mag-welding", "metal.technical-drawings",
             "transversal.health-safety"),
            ("metal.tig-welding", "metal.grinding"),
            3, GERMAN_B1, (85_000, 120_000)),
        PlacementTemplate(
            "CNC operater",
            "Rad na CNC strugovima i glodalicama, kontrola mera.",
            ("metal.cnc-operation", "metal.technical-drawings", "metal.precision-measuring"),
            ("metal.cnc-programming", "metal.cnc-lathe"),
            3, (), (75_000, 100_000)),
        PlacementTemplate(
            "Bravar",
            "Izrada i montaža metalnih ograda, kapija i konstrukcija.",
            ("metal.locksmith", "metal.welding", "metal.metal-cutting", "metal.grinding"),
            ("metal.steel-structures", "metal.fences-gates"),
            3, (), (70_000, 90_000)),
        PlacementTemplate(
            "Strugar",
            "Obrada delova na klasičnom i CNC strugu.",
            ("metal.turning", "metal.technical-drawings", "metal.precision-measuring"),
            ("metal.cnc-lathe", "metal.milling"),
            3, (), (72_000, 95_000)),
        PlacementTemplate(
            "Mašinbravar održavanja",
            "Održavanje proizvodne opreme, zamena delova i preventivni pregledi.",
            ("metal.machine-fitter", "metal.technical-drawings", "transversal.problem-solving"),
            ("electrical.maintenance", "metal.welding"),
            3, GERMAN_B1, (80_000, 105_000)),
        PlacementTemplate(
            "Inženjer mašinstva – pripravnik",
            "Tehnička priprema proizvodnje, crteži i CNC programi uz mentora.",
            ("metal.technical-drawings", "it.autocad", "metal.cnc-programming"),
            ("office.excel", "it.3d-modelling"),
            6, (("en", "B1"),), (90_000, 120_000)),
        PlacementTemplate(
            "Farbar metalnih konstrukcija",
            "Peskarenje, plastifikacija i farbanje metalnih delova.",
            ("metal.spray-painting", "metal.sandblasting", "metal.powder-coating"),
            ("transversal.health-safety",),
            None, (), (65_000, 80_000), internship=False),
    ),
    "construction": (
        PlacementTemplate(
            "Zidar",
            "Zidanje i malterisanje na stambenim objektima. Dobrodošli povratnici sa iskustvom sa"
            " gradilišta u Nemačkoj.",
            ("construction.bricklaying", "construction.plastering", "construction.mortar-mixing"),
            ("construction.scaffolding", "construction.blueprints"),
            None, GERMAN_B1, (80_000, 110_000), internship=False),
        PlacementTemplate(
            "Keramičar",
            "Postavljanje pločica, izrada estriha i hidroizolacija kupatila.",
            ("construction.tiling", "construction.grouting", "construction.screed"),
            ("construction.waterproofing",),
            None, GERMAN_B1, (85_000, 120_000)),
        PlacementTemplate(
            "Moler-farbar",
            "Gletovanje, krečenje i farbanje stanova i poslovnog prostora.",
            ("construction.painting", "construction.surface-prep"),
            ("construction.wallpaper", "construction.facade"),
            None, (), (70_000, 90_000)),
        PlacementTemplate(
            "Električar",
            "Izvođenje elektroinstalacija u novogradnji i adaptacijama.",
            ("electrical.installations", "electrical.sockets-switches", "electrical.safety",
             "electrical.diagrams"),
            ("electrical.switchboards", "electrical.measurement"),
            3, (), (80_000, 110_000)),
        PlacementTemplate(
            "Vodoinstalater",
            "Vodovod, kanalizacija i ugradnja sanitarija.",
            ("construction.plumbing", "construction.sanitary", "construction.pex-pipes"),
            ("construction.central-heating",),
            3, (), (75_000, 100_000)),
        PlacementTemplate(
            "Monter suve gradnje",
            "Montaža gips-kartonskih zidova i spuštenih plafona.",
            ("construction.drywall", "construction.drywall-finishing",
             "construction.suspended-ceiling"),
            (),
            None, (), (75_000, 95_000)),
        PlacementTemplate(
            "Građevinski radnik",
            "Pomoćni radovi na gradilištu; obuka iz zaštite na radu obezbeđena.",
            ("construction.general-labour", "transversal.physical-stamina",
             "transversal.health-safety"),
            ("construction.concrete", "construction.rebar"),
            None, (), (62_000, 75_000), internship=False),
        PlacementTemplate(
            "Građevinski tehničar – pripravnik",
            "Vođenje građevinske knjige, premeri i priprema dokumentacije uz inženjera.",
            ("construction.blueprints", "it.autocad", "office.reports"),
            ("office.excel",),
            4, (), (70_000, 90_000)),
        PlacementTemplate(
            "Monter solarnih panela",
            "Montaža solarnih elektrana na krovovima kuća i hala.",
            ("electrical.solar-pv", "electrical.installations", "transversal.outdoor-work"),
            ("electrical.safety",),
            3, (), (75_000, 100_000)),
    ),
    "hospitality": (
        PlacementTemplate(
            "Konobar / konobarica",
            "Posluživanje gostiju u restoranu i na proslavama.",
            ("hospitality.waiting-tables", "hospitality.order-taking",
             "hospitality.drinks-service", "transversal.politeness"),
            ("hospitality.wine-service", "hospitality.banquets"),
            None, (("en", "A2"),), (60_000, 75_000)),
        PlacementTemplate(
            "Kuvar / kuvarica",
            "Priprema domaćih jela i jela sa roštilja.",
            ("hospitality.cooking", "hospitality.traditional-cuisine", "food.food-hygiene"),
            ("hospitality.grill", "hospitality.meat-dishes"),
            3, (), (70_000, 95_000)),
        PlacementTemplate(
            "Pomoćni kuvar",
            "Priprema namirnica, salata i održavanje kuhinje.",
            ("hospitality.kitchen-assistant", "hospitality.dishwashing", "food.food-hygiene"),
            ("hospitality.cold-kitchen",),
            None, (), (58_000, 65_000)),
        PlacementTemplate(
            "Recepcioner / recepcionerka",
            "Prijem gostiju, rezervacije i naplata; rad u smenama.",
            ("hospitality.reception", "hospitality.reservations", "transversal.communication"),
            ("office.ms-office", "retail.payments"),
            4, (("en", "B1"), ("de", "A2")), (65_000, 80_000)),
        PlacementTemplate(
            "Sobarica / sobar",
            "Održavanje hotelskih soba i zajedničkih prostorija.",
            ("hospitality.housekeeping", "hospitality.bed-making", "cleaning.general-cleaning"),
            ("cleaning.laundry",),
            None, (), (56_000, 62_000), internship=False),
        PlacementTemplate(
            "Turistički vodič i animator",
            "Vođenje tura po regionu i program za goste hotela.",
            ("hospitality.tour-guiding", "hospitality.tourist-info", "transversal.presentation"),
            ("hospitality.hotel-animation", "it.social-media"),
            4, ENGLISH_B2, (60_000, 75_000)),
        PlacementTemplate(
            "Domaćin u seoskom turizmu",
            "Doček gostiju, domaća kuhinja i organizacija izleta.",
            ("hospitality.rural-tourism", "hospitality.traditional-cuisine",
             "hospitality.guest-welcome"),
            ("driving.cat-b",),
            None, (("en", "A2"),), (55_000, 65_000)),
        PlacementTemplate(
            "Šanker / barista",
            "Priprema kafe i pića, rad na kasi.",
            ("hospitality.bartending", "hospitality.barista", "retail.cashier"),
            ("hospitality.cocktails",),
            None, (), (58_000, 70_000)),
    ),
    "agri": (
        PlacementTemplate(
            "Radnik u zasadu malina",
            "Rezidba, navodnjavanje i berba u malinjaku; sezonski i stalni posao.",
            ("agri.raspberry-growing", "agri.harvesting", "agri.pruning"),
            ("agri.irrigation", "agri.plant-protection"),
            None, (), (55_000, 65_000), internship=False),
        PlacementTemplate(
            "Traktorista",
            "Obrada zemljišta i prevoz u voćnjacima i na njivama.",
            ("agri.tractor-operation", "driving.cat-f", "agri.soil-tillage"),
            ("agri.farm-machinery-maintenance",),
            None, (), (60_000, 75_000), internship=False),
        PlacementTemplate(
            "Radnik u plasteniku",
            "Proizvodnja rasada i povrća u plastenicima.",
            ("agri.greenhouse-production", "agri.vegetable-growing", "agri.irrigation"),
            ("agri.seedling-production",),
            None, (), (55_000, 62_000)),
        PlacementTemplate(
            "Agronom – pripravnik",
            "Praćenje zasada, zaštita bilja i saradnja sa kooperantima na terenu.",
            ("agri.plant-protection", "agri.pesticide-safety", "agri.organic-farming"),
            ("office.excel", "driving.cat-b"),
            6, (), (75_000, 90_000)),
        PlacementTemplate(
            "Radnik u vinogradu",
            "Rezidba, vezivanje loze i berba grožđa.",
            ("agri.vineyard-work", "agri.grape-harvest", "agri.pruning"),
            ("agri.tractor-operation",),
            None, (), (55_000, 62_000)),
    ),
    "trade": (
        PlacementTemplate(
            "Prodavac / prodavačica",
            "Prodaja, rad na kasi i briga o izgledu prodavnice.",
            ("retail.sales", "retail.cashier", "retail.customer-service"),
            ("retail.shelf-stocking", "retail.complaints"),
            3, (), (58_000, 68_000)),
        PlacementTemplate(
            "Kasir / kasirka",
            "Naplata na fiskalnoj kasi i POS terminalu, dnevni presek kase.",
            ("retail.cashier", "retail.cash-up", "retail.payments"),
            ("transversal.numeracy",),
            3, (), (58_000, 65_000)),
        PlacementTemplate(
            "Komercijalista na terenu",
            "Obilazak kupaca u regionu, prijem porudžbina i praćenje naplate.",
            ("retail.b2b-sales", "retail.sales-techniques", "driving.cat-b"),
            ("office.excel", "office.invoicing"),
            4, (), (70_000, 95_000)),
        PlacementTemplate(
            "Magacioner",
            "Prijem i izdavanje robe, popis i rad u magacinskom programu.",
            ("logistics.warehouse", "logistics.goods-receipt", "logistics.inventory"),
            ("logistics.forklift", "logistics.barcode"),
            3, (), (60_000, 72_000)),
        PlacementTemplate(
            "Fakturista / administrativni radnik",
            "Izdavanje faktura (SEF), unos dokumentacije i komunikacija sa dobavljačima.",
            ("office.invoicing", "office.clerical", "office.excel"),
            ("office.accounting-software", "office.bookkeeping"),
            4, (), (62_000, 75_000)),
        PlacementTemplate(
            "Poslovođa prodavnice",
            "Vođenje smene, naručivanje robe i organizacija rada prodavnice.",
            ("retail.store-management", "retail.stock-monitoring", "transversal.leadership"),
            ("office.excel",),
            4, (), (75_000, 90_000), internship=False),
    ),
    "logistics": (
        PlacementTemplate(
            "Vozač C kategorije",
            "Distribucija robe po Srbiji i povremene ture ka Nemačkoj.",
            ("driving.cat-c", "driving.cpc", "driving.tachograph"),
            ("driving.international-transport", "driving.adr"),
            3, GERMAN_B1, (90_000, 130_000), internship=False),
        PlacementTemplate(
            "Viljuškarista",
            "Utovar, istovar i slaganje robe u magacinu.",
            ("logistics.forklift", "driving.forklift-licence", "logistics.warehouse"),
            ("logistics.palletising",),
            None, (), (62_000, 72_000), internship=False),
        PlacementTemplate(
            "Kurir / vozač dostavljač",
            "Dostava paketa na teritoriji grada i okolnih opština.",
            ("logistics.courier", "driving.cat-b", "driving.delivery-van", "driving.gps"),
            ("driving.urban",),
            None, (), (65_000, 80_000), internship=False),
        PlacementTemplate(
            "Špediter – pripravnik",
            "Priprema carinske i transportne dokumentacije na graničnom prelazu.",
            ("logistics.forwarding", "logistics.customs", "logistics.shipping-docs"),
            ("office.excel",),
            4, (("en", "B1"), ("de", "B1")), (70_000, 90_000)),
        PlacementTemplate(
            "Dispečer u transportu",
            "Planiranje ruta i komunikacija sa vozačima i klijentima iz EU.",
            ("logistics.dispatcher", "office.excel", "transversal.communication"),
            ("driving.gps", "logistics.shipping-docs"),
            4, GERMAN_B1, (80_000, 100_000)),
        PlacementTemplate(
            "Komisioner u magacinu",
            "Sakupljanje i pakovanje porudžbina uz ručni terminal.",
            ("logistics.picking", "logistics.packing", "logistics.barcode"),
            ("logistics.pallet-truck",),
            None, (), (58_000, 65_000)),
    ),
    "wood": (
        PlacementTemplate(
            "Stolar",
            "Izrada nameštaja od masiva i pločastog materijala.",
            ("wood.joinery", "wood.furniture-making", "wood.woodworking-machines"),
            ("wood.cnc-woodworking", "wood.finishing"),
            3, (), (70_000, 90_000)),
        PlacementTemplate(
            "Montažer nameštaja",
            "Montaža kuhinja i plakara kod kupaca.",
            ("wood.furniture-assembly", "wood.panel-cutting"),
            ("driving.cat-b",),
            None, (), (65_000, 80_000)),
        PlacementTemplate(
            "Radnik u pilani",
            "Rad na gateru i cirkularu, slaganje građe.",
            ("wood.sawmill", "wood.circular-saw", "transversal.health-safety"),
            ("wood.chainsaw", "logistics.forklift"),
            None, (), (58_000, 68_000), internship=False),
    ),
    "care": (
        PlacementTemplate(
            "Gerontodomaćica / negovatelj",
            "Pomoć starijim osobama u kući: higijena, ishrana, društvo i podsećanje na terapiju.",
            ("care.elderly", "care.home-care", "care.personal-care"),
            ("care.first-aid", "care.dementia", "driving.cat-b"),
            None, (), (60_000, 72_000)),
        PlacementTemplate(
            "Medicinska sestra u kućnoj nezi",
            "Kućne posete, merenje vitalnih parametara i davanje propisane terapije.",
            ("care.nurse", "care.vital-signs", "care.medication"),
            ("care.healthcare-communication", "driving.cat-b"),
            4, (), (80_000, 95_000)),
        PlacementTemplate(
            "Negovatelj za rad sa korisnicima iz dijaspore",
            "Nega starijih povratnika iz Nemačke i Austrije koji govore nemački.",
            ("care.elderly", "care.personal-care", "care.mobility"),
            ("care.dementia",),
            None, GERMAN_B1, (65_000, 80_000)),
    ),
}

INTERNSHIP_CLOSINGS: tuple[str, ...] = (
    "Praksa traje {months} meseci uz mesečnu naknadu; mentor iz firme prati napredak.",
    "Stručna praksa od {months} meseci u okviru programa; najbolji praktikanti dobijaju ugovor.",
    "Nudimo praksu od {months} meseci, obuku na radnom mestu i pokriven prevoz.",
)
JOB_CLOSINGS: tuple[str, ...] = (
    "Nudimo ugovor o radu, prijavu od prvog dana i topli obrok.",
    "Ugovor na određeno sa mogućnošću stalnog zaposlenja; prevoz plaćen.",
    "Redovna i uvećana zarada za smenski rad, prijava od prvog dana.",
)

# ---------------------------------------------------------------------------
# Trainings the partner organisations ran
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingSpec:
    organisation: str  # OrganisationSpec.short_name
    title: str
    topic: str
    municipality: str
    start_date: dt.date
    end_date: dt.date
    skills: tuple[str, ...]
    occupations: tuple[str, ...] = field(default=())  # who it suits best; () = everyone


TRAININGS: tuple[TrainingSpec, ...] = (
    TrainingSpec("ENECA", "Aktivno traženje posla i pisanje CV-a", "Podrška pri zapošljavanju",
                 "nis", dt.date(2026, 3, 2), dt.date(2026, 3, 13),
                 ("transversal.communication", "transversal.presentation", "office.word")),
    TrainingSpec("NEXUS", "Digitalne veštine za posao", "Digitalna pismenost", "vranje",
                 dt.date(2026, 4, 6), dt.date(2026, 4, 24),
                 ("transversal.digital-literacy", "transversal.internet", "office.ms-office",
                  "office.email"),
                 ("office", "retail", "it_support", "warehouse")),
    TrainingSpec("NEXUS", "Šivenje na industrijskim mašinama", "Stručna obuka – tekstil i obuća",
                 "leskovac", dt.date(2026, 2, 9), dt.date(2026, 3, 20),
                 ("textile.industrial-sewing", "textile.overlock", "textile.flat-seam-machine"),
                 ("textile_worker", "footwear_worker")),
    TrainingSpec("ENECA", "Preduzetništvo i samozapošljavanje", "Samozapošljavanje", "pirot",
                 dt.date(2026, 5, 11), dt.date(2026, 5, 22),
                 ("transversal.entrepreneurship", "office.bookkeeping", "transversal.planning"),
                 ("hairdresser", "farm_worker", "woodworker", "cook")),
    TrainingSpec("ENECA", "Osnove rada u ugostiteljstvu", "Stručna obuka – ugostiteljstvo",
                 "prokuplje", dt.date(2026, 6, 1), dt.date(2026, 6, 26),
                 ("hospitality.waiting-tables", "hospitality.kitchen-assistant",
                  "food.food-hygiene"),
                 ("waiter", "cook", "cleaner", "food_worker")),
    TrainingSpec("ENECA", "Gerontodomaćice – nega starih lica", "Stručna obuka – nega",
                 "zajecar", dt.date(2026, 9, 7), dt.date(2026, 10, 16),
                 ("care.elderly", "care.home-care", "care.first-aid"),
                 ("carer", "cleaner", "nurse")),
    TrainingSpec("CARE", "Zavarivanje MAG postupkom", "Stručna obuka – metal", "nis",
                 dt.date(2026, 4, 13), dt.date(2026, 5, 29),
                 ("metal.welding", "metal.mag-welding", "transversal.health-safety"),
                 ("welder", "machinist", "construction")),
    # Still running on REFERENCE_DATE: its participants are enrolled, not completed.
    TrainingSpec("CARE", "Prava povratnika i radno zakonodavstvo", "Informisanje o pravima",
                 "leskovac", dt.date(2026, 10, 26), dt.date(2026, 11, 27),
                 ("transversal.learning", "transversal.intercultural")),
)
# fmt: on


# ---------------------------------------------------------------------------
# The programme in motion: targets, workflow stories and follow-up outcomes
# ---------------------------------------------------------------------------

# Targets for the current calendar year (PROGRAMME.md: 100 internships, 150 employed or
# self-employed, 660 trained, 2,400 reached), the programme's and each organisation's share.
PROGRAMME_TARGETS: dict[str, int] = {
    "internships": 100,
    "employment": 150,
    "training": 660,
    "reached": 2400,
}
ORGANISATION_TARGET_SHARES: dict[str, float] = {"CARE": 0.4, "NEXUS": 0.3, "ENECA": 0.3}

# How far the demo's top matches got through the workflow (final status: weight). A story
# whose final status holds a slot is only chosen while the placement has a free slot.
INTERNSHIP_STORY_WEIGHTS: dict[str, int] = {
    "shortlisted": 10,
    "proposed": 12,
    "company_declined": 10,
    "rejected": 4,
    "company_accepted": 6,
    "candidate_declined": 5,
    "candidate_accepted": 5,
    "placed": 12,
    "completed": 22,
    "ended_early": 4,
}
# Jobs have no planned end: they are placed, or end early, never "completed".
JOB_STORY_WEIGHTS: dict[str, int] = {
    **{story: weight for story, weight in INTERNSHIP_STORY_WEIGHTS.items() if story != "completed"},
    "placed": 24,
}
# How many of a placement's best matches the coordinators worked on.
MATCHES_WORKED_PER_PLACEMENT: dict[int, int] = {1: 20, 2: 35, 3: 30, 4: 15}

COMPANY_DECLINE_REASONS: tuple[str, ...] = (
    "Kandidat nema dovoljno iskustva sa mašinama koje koristimo.",
    "Već smo izabrali drugog kandidata za ovo mesto.",
    "Razgovor je pokazao da kandidat ne može da radi u smenama.",
    "Traži se vozačka dozvola B kategorije, a kandidat je nema.",
    "Kandidat nije došao na zakazani razgovor.",
)
COORDINATOR_REJECT_REASONS: tuple[str, ...] = (
    "Kandidat se u međuvremenu zaposlio preko Nacionalne službe za zapošljavanje.",
    "Kandidat je odustao: seli se u drugi grad.",
    "Udaljenost je prevelika bez organizovanog prevoza.",
)
CANDIDATE_DECLINE_REASONS: tuple[str, ...] = (
    "",  # a reason is optional for the candidate
    "Plata je premala za putne troškove.",
    "Dobio/la sam drugu ponudu.",
    "Ne mogu da radim u smenama zbog deteta.",
)
END_EARLY_REASONS: tuple[str, ...] = (
    "Praktikant je prekinuo praksu iz zdravstvenih razloga.",
    "Kandidat se vratio u Nemačku.",
    "Obostrani dogovor: posao nije odgovarao kandidatu.",
)

# Follow-up outcomes of the 3/6/12-month checks by how the placement went ("unreachable":
# the person could not be reached). Checks that became due in the last
# OUTCOME_LEAVE_DUE_DAYS days, and about OUTCOME_LEFT_OPEN_SHARE of the older ones, stay open.
OUTCOME_WEIGHTS: dict[str, dict[str, int]] = {
    "completed": {
        "employed_same": 45,
        "employed_elsewhere": 15,
        "self_employed": 4,
        "education": 5,
        "unemployed": 20,
        "unknown": 3,
        "unreachable": 8,
    },
    "ended_early": {
        "employed_same": 3,
        "employed_elsewhere": 22,
        "self_employed": 5,
        "education": 10,
        "unemployed": 45,
        "unknown": 5,
        "unreachable": 10,
    },
    "placed": {  # jobs still running
        "employed_same": 85,
        "employed_elsewhere": 5,
        "unemployed": 5,
        "unreachable": 5,
    },
}
OUTCOME_LEAVE_DUE_DAYS = 14
OUTCOME_LEFT_OPEN_SHARE = 0.2
