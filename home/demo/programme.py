"""The demo programme: one twelve-week run in Overvecht, in Dutch and English.

The arc follows the Oasis steps and the action-learning cycle: look at the
neighbourhood, meet people, choose a question, build a social business model, test
it twice with stakeholders, build something real together, make the value case and
celebrate.
"""

import datetime
from dataclasses import dataclass, field

from courses.models import OasisStep

from .blocks import activity, deliverable, reflection, resource, text

# The demo is always shown "in week 3": far enough in to have progress and work,
# early enough that most of the programme is still ahead.
CURRENT_WEEK = 3
WEEKS = 12
TIME_ZONE = "Europe/Amsterdam"

BUURTKAMER = {"nl": "Buurtkamer De Dreef, Overvecht", "en": "Buurtkamer De Dreef, Overvecht"}
BIBLIOTHEEK = {
    "nl": "Wijkbibliotheek Overvecht, leeszaal",
    "en": "Overvecht neighbourhood library, reading room",
}
PLEIN = {
    "nl": "Winkelcentrum Overvecht, centrale plein",
    "en": "Overvecht shopping centre, central square",
}


def seasons(start_date):
    """The season and year a run starting on `start_date` is known by, per language."""
    names = {
        "nl": ["winter", "voorjaar", "zomer", "najaar"],
        "en": ["winter", "spring", "summer", "autumn"],
    }
    index = (start_date.month % 12) // 3
    year = str(start_date.year)
    if index == 0:  # winter spans the turn of the year
        first = start_date.year - 1 if start_date.month <= 2 else start_date.year
        year = f"{first}–{first + 1}"
    return {language: f"{words[index]} {year}" for language, words in names.items()}


PROGRAMME = {
    "nl": {
        "slug": "sociaal-ondernemen-overvecht",
        "title": "Sociaal ondernemen in de wijk — Overvecht, {season}",
        "summary": (
            "Twaalf weken lang werken studenten en jonge bewoners van Overvecht in gemengde "
            "teams aan een vraag uit de wijk. Samen bedenken, testen en verbeteren jullie een "
            "sociale onderneming, met buren, winkeliers en organisaties als eerste klanten en "
            "critici."
        ),
        "social_entrepreneurship": (
            "<p>Een sociale onderneming lost een maatschappelijke vraag op en verdient daarbij "
            "(een deel van) haar eigen geld. Je leert kijken met het sociale business model: "
            "voor wie maak je het verschil, wie betaalt ervoor, wat bied je beide groepen, en "
            "hoe weet je dat het werkt?</p>"
        ),
        "action_learning": (
            "<p>Je leert door te doen. Elk team van vier tot zeven mensen werkt aan een echte "
            "vraag, probeert iets uit in de wijk en kijkt daarna samen terug. Een coach stelt "
            "vragen in plaats van antwoorden te geven. Leren is hier: kennis, plus goede "
            "vragen, plus reflectie.</p>"
        ),
        "oasis_method": (
            "<p>De Oasis-methode helpt om samen met de wijk te bouwen in zeven stappen: "
            "<b>Kijken</b> naar wat er al is, <b>Genegenheid</b> (mensen en talenten leren "
            "kennen), <b>Dromen</b>, <b>Zorg</b> (samen plannen), <b>Wonder</b> (samen "
            "bouwen), <b>Vieren</b> en <b>Re-evolutie</b>: doorgaan, en ergens anders opnieuw "
            "beginnen.</p>"
        ),
        "continuation": (
            "<p>Na week 12 kiest elk team of het doorgaat. Wie verder wil, sluit aan bij het "
            "vervolgtraject van het Learning Lab: samen met nieuwe bewoners, zonder vaste "
            "einddatum, met begeleiding die past bij waar jullie onderneming staat. Stoppen is "
            "ook een goede uitkomst, als je weet wat je geleerd hebt.</p>"
        ),
    },
    "en": {
        "slug": "social-enterprise-overvecht",
        "title": "Social enterprise in the neighbourhood — Overvecht, {season}",
        "summary": (
            "For twelve weeks, students and young residents of Overvecht work in mixed teams "
            "on a question from the neighbourhood. Together you design, test and improve a "
            "social enterprise, with neighbours, shopkeepers and organisations as your first "
            "customers and critics."
        ),
        "social_entrepreneurship": (
            "<p>A social enterprise answers a social question and earns (part of) its own "
            "money while doing so. You learn to look through the social business model: for "
            "whom do you make a difference, who pays, what do you offer each of them, and how "
            "do you know it works?</p>"
        ),
        "action_learning": (
            "<p>You learn by doing. Each team of four to seven people works on a real "
            "question, tries something out in the neighbourhood and then looks back together. "
            "A coach asks questions rather than gives answers. Learning here means knowledge, "
            "plus good questions, plus reflection.</p>"
        ),
        "oasis_method": (
            "<p>The Oasis method helps you build together with the neighbourhood in seven "
            "steps: <b>Look</b> at what is already there, <b>Affection</b> (getting to know "
            "people and talents), <b>Dream</b>, <b>Care</b> (planning together), "
            "<b>Miracle</b> (building it together), <b>Celebration</b> and "
            "<b>Re-evolution</b>: going on, and starting again elsewhere.</p>"
        ),
        "continuation": (
            "<p>After week 12 every team decides whether to go on. Those who do join the "
            "Learning Lab's continuation: together with new residents, with no fixed end date, "
            "and with coaching that fits where your enterprise stands. Stopping is a good "
            "outcome too, if you know what you have learned.</p>"
        ),
    },
}


@dataclass(frozen=True)
class Moment:
    """A contact moment: when it is (shared) and what and where it is (per language)."""

    weekday: str
    start: datetime.time
    end: datetime.time
    title: dict
    place: dict

    def fields(self, language):
        return {
            "title": self.title[language],
            "weekday": self.weekday,
            "start_time": self.start,
            "end_time": self.end,
            "place": self.place[language],
        }


def at(hour, minute=0):
    return datetime.time(hour, minute)


# Tuesday afternoons are course hours; Thursday evenings suit residents who work or
# care for children during the day.
AFTERNOON = (at(13, 30), at(16, 30))
EVENING = (at(19), at(20, 30))


def lab_afternoon(nl, en, place=BUURTKAMER, start=AFTERNOON[0], end=AFTERNOON[1]):
    return Moment("1", start, end, {"nl": nl, "en": en}, place)


def evening(nl, en, place=BIBLIOTHEEK, weekday="3", start=EVENING[0], end=EVENING[1]):
    return Moment(weekday, start, end, {"nl": nl, "en": en}, place)


@dataclass(frozen=True)
class Module:
    """One week of the demo programme; `nl` and `en` hold the page fields per language."""

    week: int
    oasis_step: str
    moments: list
    nl: dict = field(default_factory=dict)
    en: dict = field(default_factory=dict)


MODULES = [
    Module(
        week=1,
        oasis_step=OasisStep.LOOK,
        moments=[
            lab_afternoon("Aftrap met iedereen", "Kick-off with everyone"),
            evening(
                "Wijkwandeling in de avond",
                "Evening walk through the neighbourhood",
                place=PLEIN,
                start=at(19),
                end=at(21),
            ),
        ],
        nl={
            "slug": "week-1-aftrap-kijken",
            "title": "Aftrap: kijken naar de wijk",
            "action_learning_focus": "Kennismaken en waarderend kijken: wat is er al?",
            "summary": (
                "We beginnen samen: studenten en bewoners leren elkaar kennen en lopen door "
                "Overvecht. Met een waarderende blik brengen we in kaart wat de wijk al heeft: "
                "plekken, mensen, clubs en ideeën."
            ),
            "learning_goals": (
                "<ul><li>Je kent de opzet van de twaalf weken en de drie pijlers.</li>"
                "<li>Je kijkt naar de wijk vanuit wat er wél is, niet vanuit problemen.</li>"
                "<li>Je legt met je team minstens tien bronnen van de wijk vast op een "
                "kaart.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Waarom we beginnen met kijken</h2>"
                    "<p>Over Overvecht wordt vaak gepraat in termen van problemen. Wij beginnen "
                    "ergens anders: bij wat er al is. Een moskee met een volle zaal op "
                    "vrijdag, een kapper waar iedereen binnenloopt, een moestuin achter een "
                    "flat, een buurvrouw die voor de halve galerij kookt. Dat zijn de bronnen "
                    "waarop een sociale onderneming later kan bouwen.</p>"
                    "<p>In de Oasis-methode heet deze stap <b>Kijken</b>: met open ogen en "
                    "zonder oordeel.</p>"
                ),
                activity(
                    "Kennismaken in duo's",
                    "<p>Zoek iemand die je nog niet kent, het liefst een student als je "
                    "bewoner bent en andersom. Vertel elkaar in vijf minuten per persoon:</p>"
                    "<ul><li>waar je je thuis voelt in Overvecht of in je eigen wijk;</li>"
                    "<li>iets waar je goed in bent dat niet op je cv staat;</li>"
                    "<li>waarom je meedoet.</li></ul>"
                    "<p>Stel daarna je duo-partner voor aan de groep.</p>",
                    minutes=30,
                    grouping="all",
                ),
                activity(
                    "Wijkwandeling: de bronnenkaart",
                    "<ol><li>Loop met je team een vaste route van ongeveer een uur.</li>"
                    "<li>Noteer alles wat waarde heeft voor de buurt: plekken, organisaties, "
                    "winkels, ontmoetingspunten, mensen die je tegenkomt.</li>"
                    "<li>Maak foto's van plekken, niet van mensen zonder hun "
                    "toestemming.</li>"
                    "<li>Zet alles terug in de buurtkamer op een grote kaart, met een "
                    "kleur per soort bron.</li></ol>",
                    minutes=90,
                ),
                resource(
                    "Asset-based community development",
                    "https://en.wikipedia.org/wiki/Asset-based_community_development",
                    "Engelstalige uitleg van wijkontwikkeling vanuit wat er al is: de "
                    "denkwijze achter onze bronnenkaart.",
                ),
                resource(
                    "Utrecht in cijfers",
                    "https://utrecht.incijfers.nl/",
                    "Cijfers over bewoners, wonen en voorzieningen per wijk. Handig om je "
                    "beeld van de wandeling naast te leggen.",
                ),
                reflection(
                    "Wat zag je tijdens de wandeling dat je niet had verwacht? Wat zegt dat "
                    "over het beeld dat je vooraf van Overvecht had?"
                ),
                deliverable(
                    "De bronnenkaart van je team",
                    "<p>Een foto of scan van de kaart, met een korte lijst van de tien "
                    "bronnen die jullie het meest opvielen.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
        en={
            "slug": "week-1-kick-off-look",
            "title": "Kick-off: looking at the neighbourhood",
            "action_learning_focus": "Meeting each other and looking with appreciation: what is already here?",
            "summary": (
                "We start together: students and residents meet and walk through Overvecht. "
                "Looking with appreciation, we map what the neighbourhood already has: places, "
                "people, clubs and ideas."
            ),
            "learning_goals": (
                "<ul><li>You know how the twelve weeks are set up and the three pillars.</li>"
                "<li>You look at the neighbourhood starting from what is there, not from its "
                "problems.</li>"
                "<li>With your team you map at least ten of the neighbourhood's "
                "resources.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Why we start by looking</h2>"
                    "<p>People often talk about Overvecht in terms of problems. We start "
                    "somewhere else: with what is already there. A mosque with a full hall on "
                    "Fridays, a barber's where everyone drops in, a vegetable garden behind a "
                    "block of flats, a neighbour who cooks for half the gallery. Those are the "
                    "resources a social enterprise can build on later.</p>"
                    "<p>In the Oasis method this step is called <b>Look</b>: with open eyes "
                    "and without judgement.</p>"
                ),
                activity(
                    "Meeting in pairs",
                    "<p>Find someone you do not know yet, ideally a student if you are a "
                    "resident and the other way round. Take five minutes each to tell "
                    "each other:</p>"
                    "<ul><li>where you feel at home in Overvecht or in your own "
                    "neighbourhood;</li>"
                    "<li>something you are good at that is not on your CV;</li>"
                    "<li>why you are taking part.</li></ul>"
                    "<p>Then introduce your partner to the group.</p>",
                    minutes=30,
                    grouping="all",
                ),
                activity(
                    "Neighbourhood walk: the resource map",
                    "<ol><li>Walk a set route of about an hour with your team.</li>"
                    "<li>Note everything that is of value to the neighbourhood: places, "
                    "organisations, shops, meeting points, people you meet.</li>"
                    "<li>Take photos of places, not of people without their consent.</li>"
                    "<li>Back in the community room, put everything on a large map, with "
                    "one colour per kind of resource.</li></ol>",
                    minutes=90,
                ),
                resource(
                    "Asset-based community development",
                    "https://en.wikipedia.org/wiki/Asset-based_community_development",
                    "An explanation of developing a neighbourhood from what it already has: "
                    "the thinking behind our resource map.",
                ),
                resource(
                    "Utrecht in figures",
                    "https://utrecht.incijfers.nl/",
                    "Figures on residents, housing and facilities per neighbourhood (in "
                    "Dutch). Useful to set beside what you saw on the walk.",
                ),
                reflection(
                    "What did you see on the walk that you did not expect? What does that say "
                    "about the picture of Overvecht you had beforehand?"
                ),
                deliverable(
                    "Your team's resource map",
                    "<p>A photo or scan of the map, with a short list of the ten resources "
                    "that struck you most.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
    ),
    Module(
        week=2,
        oasis_step=OasisStep.AFFECTION,
        moments=[
            lab_afternoon(
                "Lab-middag: gesprekken voorbereiden",
                "Lab afternoon: preparing conversations",
                end=at(16),
            ),
            evening("Avondsessie: wat hoorden we?", "Evening session: what did we hear?"),
        ],
        nl={
            "slug": "week-2-genegenheid",
            "title": "Genegenheid: gesprekken en talenten",
            "action_learning_focus": "Luisteren zonder meteen een oplossing te hebben",
            "summary": (
                "Deze week gaan we in gesprek met bewoners, ondernemers en organisaties. We "
                "luisteren naar wat mensen belangrijk vinden en ontdekken welke talenten er "
                "zijn, ook in ons eigen team."
            ),
            "learning_goals": (
                "<ul><li>Je voert minstens drie open gesprekken met mensen uit de wijk.</li>"
                "<li>Je stelt vragen die uitnodigen tot vertellen, zonder je eigen idee te "
                "verkopen.</li>"
                "<li>Je team maakt afspraken over samenwerken die passen bij ieders "
                "week.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Genegenheid: eerst de mensen</h2>"
                    "<p>Mensen doen mee aan iets als ze zich gezien voelen. Daarom gaan we "
                    "niet met een plan de wijk in, maar met vragen. Wat vinden mensen mooi aan "
                    "hun buurt? Waar zijn ze goed in? Wat zouden ze willen doen voor "
                    "anderen?</p>"
                    "<h3>Je team is een leerset</h3>"
                    "<p>Vanaf deze week werk je in een vast team van vier tot zeven mensen, "
                    "met een coach. De coach geeft geen antwoorden, maar stelt vragen die je "
                    "verder helpen. Jullie zijn samen verantwoordelijk voor wat je leert.</p>"
                ),
                activity(
                    "Teamafspraken maken",
                    "<p>Bespreek en schrijf op:</p>"
                    "<ul><li>wanneer iedereen kan, naast colleges, werk en de zorg voor "
                    "kinderen;</li>"
                    "<li>hoe jullie contact houden, en hoe snel je reageert;</li>"
                    "<li>wie deze week de aantekeningen maakt (dat rouleert);</li>"
                    "<li>wat je doet als iemand een keer niet kan.</li></ul>",
                    minutes=45,
                ),
                activity(
                    "Drie gesprekken in de wijk",
                    "<p>Voer deze week minstens drie gesprekken van een kwartier, bijvoorbeeld "
                    "bij de markt, de school of het buurthuis. Goede openingsvragen:</p>"
                    "<ul><li>Waar bent u graag in de wijk?</li>"
                    "<li>Wat kunt u goed, of wat doet u vaak voor anderen?</li>"
                    "<li>Wat mist u hier?</li></ul>"
                    "<p>Vraag altijd of je aantekeningen mag maken, en zeg waarvoor ze "
                    "zijn.</p>",
                    grouping="individual",
                ),
                activity(
                    "Talentenmarkt",
                    "<p>Iedereen schrijft drie talenten op, van zichzelf en van mensen die ze "
                    "deze week spraken. Hang ze op en zoek samen naar verrassende "
                    "combinaties.</p>",
                    minutes=40,
                    grouping="all",
                ),
                resource(
                    "Actieleren (action learning)",
                    "https://en.wikipedia.org/wiki/Action_learning",
                    "Engelstalige uitleg van actieleren: kleine sets, echte problemen en een "
                    "coach die vragen stelt.",
                ),
                reflection(
                    "Welk gesprek raakte je het meest, en waarom? Wat deed jij in dat gesprek "
                    "dat de ander liet vertellen?"
                ),
                deliverable(
                    "Gespreksverslagen en talentenlijst",
                    "<p>Per gesprek een korte samenvatting (zonder namen als de ander dat "
                    "niet wil) en de talentenlijst van je team.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
        en={
            "slug": "week-2-affection",
            "title": "Affection: conversations and talents",
            "action_learning_focus": "Listening without having a solution ready",
            "summary": (
                "This week we talk with residents, business owners and organisations. We "
                "listen to what people find important and discover which talents are there, "
                "in our own team too."
            ),
            "learning_goals": (
                "<ul><li>You hold at least three open conversations with people from the "
                "neighbourhood.</li>"
                "<li>You ask questions that invite people to tell their story, without "
                "selling your own idea.</li>"
                "<li>Your team agrees on ways of working that fit everyone's week.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Affection: people first</h2>"
                    "<p>People join something when they feel seen. That is why we do not go "
                    "into the neighbourhood with a plan, but with questions. What do people "
                    "love about their area? What are they good at? What would they like to do "
                    "for others?</p>"
                    "<h3>Your team is a learning set</h3>"
                    "<p>From this week on you work in a fixed team of four to seven people, "
                    "with a coach. The coach does not give answers but asks questions that "
                    "help you on. Together you are responsible for what you learn.</p>"
                ),
                activity(
                    "Making team agreements",
                    "<p>Discuss and write down:</p>"
                    "<ul><li>when everyone is available, around lectures, work and "
                    "childcare;</li>"
                    "<li>how you keep in touch, and how quickly you reply;</li>"
                    "<li>who takes notes this week (this rotates);</li>"
                    "<li>what you do when someone cannot make it.</li></ul>",
                    minutes=45,
                ),
                activity(
                    "Three conversations in the neighbourhood",
                    "<p>Hold at least three conversations of about fifteen minutes this week, "
                    "for instance at the market, the school or the community centre. Good "
                    "opening questions:</p>"
                    "<ul><li>Where do you like to be in the neighbourhood?</li>"
                    "<li>What are you good at, or what do you often do for others?</li>"
                    "<li>What do you miss here?</li></ul>"
                    "<p>Always ask whether you may take notes, and say what they are "
                    "for.</p>",
                    grouping="individual",
                ),
                activity(
                    "Talent market",
                    "<p>Everyone writes down three talents, their own and those of people "
                    "they spoke to this week. Put them on the wall and look together for "
                    "surprising combinations.</p>",
                    minutes=40,
                    grouping="all",
                ),
                resource(
                    "Action learning",
                    "https://en.wikipedia.org/wiki/Action_learning",
                    "An introduction to action learning: small sets, real problems and a "
                    "coach who asks questions.",
                ),
                reflection(
                    "Which conversation touched you most, and why? What did you do in that "
                    "conversation that made the other person open up?"
                ),
                deliverable(
                    "Conversation notes and talent list",
                    "<p>A short summary per conversation (without names if the other person "
                    "prefers) and your team's talent list.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
    ),
    Module(
        week=3,
        oasis_step=OasisStep.DREAM,
        moments=[
            lab_afternoon("Dromenmarkt op het plein", "Dream market on the square", place=PLEIN),
            evening(
                "Teams kiezen hun wijkvraag",
                "Teams choose their neighbourhood question",
                place=BUURTKAMER,
            ),
        ],
        nl={
            "slug": "week-3-dromen",
            "title": "Dromen: van dromen naar een wijkvraag",
            "action_learning_focus": "Van wat we hoorden naar één vraag die ertoe doet",
            "summary": (
                "We verzamelen dromen van bewoners over hun wijk en zoeken wat ze gemeen "
                "hebben. Elk team kiest één wijkvraag om de komende weken aan te werken."
            ),
            "learning_goals": (
                "<ul><li>Je haalt met je team minstens twintig dromen op bij mensen uit de "
                "wijk.</li>"
                "<li>Je ordent dromen en gesprekken tot een paar thema's.</li>"
                "<li>Je team formuleert één wijkvraag die jullie in negen weken kunnen "
                "onderzoeken en testen.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Dromen mag</h2>"
                    "<p>Een droom is geen verlanglijstje voor de gemeente, maar een beeld van "
                    "hoe het kan zijn. Uit eerdere rondes kwamen dromen die uitgroeiden tot "
                    "echte initiatieven: een café waar moeders elkaar ontmoeten en iets leren, "
                    "rondleidingen langs de verborgen plekken van de wijk, een startersloket "
                    "voor bewoners met een idee, een koffiebar waar jongeren zonder diploma "
                    "het vak leren.</p>"
                    "<h3>Een goede wijkvraag</h3>"
                    "<p>Schrijf je vraag als: <i>Hoe kunnen we … zodat …?</i> Bijvoorbeeld: "
                    "<i>Hoe kunnen we moeders met jonge kinderen een plek geven om elkaar te "
                    "ontmoeten, zodat ze minder alleen staan en van elkaar leren?</i></p>"
                ),
                activity(
                    "Dromen ophalen op het plein",
                    "<p>Zet met je team een kraam of bord neer op het plein. Vraag "
                    "voorbijgangers: <i>Wat zou u willen dat er over vijf jaar in Overvecht "
                    "is?</i> Schrijf elke droom op een eigen kaartje, in de woorden van de "
                    "ander.</p>",
                    minutes=120,
                ),
                activity(
                    "Clusteren en kiezen",
                    "<ol><li>Leg alle kaartjes, gesprekken en talenten bij elkaar en maak "
                    "groepjes.</li>"
                    "<li>Iedereen krijgt drie stickers om te stemmen.</li>"
                    "<li>Toets de favorieten: is er energie in het team, steun in de wijk, en "
                    "kunnen we er binnen negen weken iets mee testen?</li>"
                    "<li>Schrijf de gekozen wijkvraag op.</li></ol>",
                    minutes=60,
                ),
                resource(
                    "Appreciative inquiry",
                    "https://en.wikipedia.org/wiki/Appreciative_inquiry",
                    "Engelstalige uitleg van waarderend onderzoeken: van wat werkt naar wat kan.",
                ),
                reflection(
                    "Welke droom die je hoorde, had je zelf nooit bedacht? Past de gekozen "
                    "wijkvraag bij wat bewoners echt willen, of bij wat wij denken dat goed "
                    "voor ze is?"
                ),
                deliverable(
                    "Onze wijkvraag",
                    "<p>Eén pagina: de wijkvraag, de drie dromen of gesprekken die jullie het "
                    "meest overtuigden, en waarom jullie deze vraag kozen.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
        en={
            "slug": "week-3-dream",
            "title": "Dream: from dreams to a neighbourhood question",
            "action_learning_focus": "From what we heard to one question that matters",
            "summary": (
                "We collect residents' dreams for their neighbourhood and look for what they "
                "have in common. Each team chooses one neighbourhood question to work on in "
                "the weeks ahead."
            ),
            "learning_goals": (
                "<ul><li>With your team you collect at least twenty dreams from people in the "
                "neighbourhood.</li>"
                "<li>You group dreams and conversations into a few themes.</li>"
                "<li>Your team phrases one neighbourhood question that you can explore and "
                "test in nine weeks.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Dreaming is allowed</h2>"
                    "<p>A dream is not a wish list for the municipality, but a picture of how "
                    "things could be. Earlier rounds produced dreams that grew into real "
                    "initiatives: a café where mothers meet and learn something, guided "
                    "tours of the neighbourhood's hidden places, a start-up desk for residents "
                    "with an idea, a coffee bar where young people without a diploma learn "
                    "the trade.</p>"
                    "<h3>A good neighbourhood question</h3>"
                    "<p>Write your question as: <i>How might we … so that …?</i> For example: "
                    "<i>How might we give mothers of young children a place to meet, so that "
                    "they feel less alone and learn from each other?</i></p>"
                ),
                activity(
                    "Collecting dreams on the square",
                    "<p>Set up a stand or a board on the square with your team. Ask passers-by: "
                    "<i>What would you like Overvecht to have in five years' time?</i> Write "
                    "each dream on its own card, in the other person's words.</p>",
                    minutes=120,
                ),
                activity(
                    "Clustering and choosing",
                    "<ol><li>Put all cards, conversations and talents together and make "
                    "groups.</li>"
                    "<li>Everyone gets three stickers to vote with.</li>"
                    "<li>Check the favourites: is there energy in the team, support in the "
                    "neighbourhood, and can we test something within nine weeks?</li>"
                    "<li>Write down the chosen neighbourhood question.</li></ol>",
                    minutes=60,
                ),
                resource(
                    "Appreciative inquiry",
                    "https://en.wikipedia.org/wiki/Appreciative_inquiry",
                    "An introduction to appreciative inquiry: from what works to what could be.",
                ),
                reflection(
                    "Which dream you heard would you never have thought of yourself? Does the "
                    "question you chose fit what residents really want, or what we think is "
                    "good for them?"
                ),
                deliverable(
                    "Our neighbourhood question",
                    "<p>One page: the neighbourhood question, the three dreams or "
                    "conversations that convinced you most, and why you chose this "
                    "question.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
    ),
    Module(
        week=4,
        oasis_step=OasisStep.DREAM,
        moments=[
            lab_afternoon(
                "Workshop: het sociale business model canvas",
                "Workshop: the social business model canvas",
            ),
        ],
        nl={
            "slug": "week-4-sociaal-business-model",
            "title": "Het sociale business model canvas",
            "action_learning_focus": "Je idee zichtbaar maken, en je aannames ook",
            "summary": (
                "Elk team vertaalt zijn wijkvraag naar een eerste idee voor een sociale "
                "onderneming. Met het sociale business model canvas maken we zichtbaar voor "
                "wie je waarde creëert, wie betaalt en hoe je impact meet."
            ),
            "learning_goals": (
                "<ul><li>Je kent de vakken van het sociale business model canvas en het "
                "verschil tussen begunstigden en klanten.</li>"
                "<li>Je team vult een eerste versie van het canvas in.</li>"
                "<li>Je herkent welke vakken op aannames rusten, en welke aanname het "
                "riskantst is.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Twee soorten waarde</h2>"
                    "<p>Een gewone onderneming heeft klanten. Een sociale onderneming heeft "
                    "vaak twee groepen: de <b>begunstigden</b>, voor wie je het verschil wilt "
                    "maken, en de <b>klanten</b>, die betalen. Soms zijn dat dezelfde mensen, "
                    "vaak niet.</p>"
                    "<p>Neem een koffiebar die ook een leerwerkplek is. De begunstigden zijn "
                    "jongeren zonder diploma, die er het vak leren. De klanten zijn buren en "
                    "mensen die op kantoor werken en een goede koffie willen. De winst gaat "
                    "naar nieuwe leerplekken.</p>"
                    "<h3>De vakken</h3>"
                    "<p>Begunstigden, klanten, sociale waardepropositie, "
                    "klantwaardepropositie, kanalen, kernactiviteiten, middelen, partners, "
                    "kosten, inkomsten, besteding van de winst en impactmaten.</p>"
                ),
                activity(
                    "Het canvas in negentig minuten",
                    "<ol><li>Begin bij de begunstigden en hun vraag, niet bij je "
                    "oplossing.</li>"
                    "<li>Vul daarna de sociale en de klantwaardepropositie in.</li>"
                    "<li>Werk van links naar rechts verder; laat een vak leeg als je het nog "
                    "niet weet.</li>"
                    "<li>Lees het canvas hardop voor aan een ander team en vraag wat ze niet "
                    "begrijpen.</li></ol>",
                    minutes=90,
                ),
                activity(
                    "Aannames markeren",
                    "<p>Zet een gele stip bij alles wat jullie denken maar niet weten. Kies "
                    "samen de aanname die, als ze niet klopt, het hele idee onderuit haalt. "
                    "Die krijgt een rode stip: daar begint volgende week de eerste test.</p>",
                    minutes=30,
                ),
                resource(
                    "Business Model Canvas",
                    "https://en.wikipedia.org/wiki/Business_Model_Canvas",
                    "Het oorspronkelijke canvas waarop de sociale variant voortbouwt "
                    "(Engelstalig).",
                ),
                resource(
                    "Social Enterprise NL",
                    "https://www.socialenterprise.nl/",
                    "Het Nederlandse netwerk van sociale ondernemingen, met voorbeelden en kennis.",
                ),
                reflection(
                    "Voor wie maken jullie het verschil, en wie betaalt? Als dat verschillende "
                    "mensen zijn: waarom zou de betaler dat doen?"
                ),
                deliverable(
                    "Eerste versie van het canvas",
                    "<p>Vul het canvas van je team in op het platform, met de riskantste "
                    "aanname gemarkeerd.</p>",
                    due_day="4",
                    completed_by="canvas",
                ),
            ],
        },
        en={
            "slug": "week-4-social-business-model",
            "title": "The social business model canvas",
            "action_learning_focus": "Making your idea visible, and your assumptions too",
            "summary": (
                "Each team turns its neighbourhood question into a first idea for a social "
                "enterprise. The social business model canvas shows for whom you create "
                "value, who pays and how you measure impact."
            ),
            "learning_goals": (
                "<ul><li>You know the boxes of the social business model canvas and the "
                "difference between beneficiaries and customers.</li>"
                "<li>Your team fills in a first version of the canvas.</li>"
                "<li>You recognise which boxes rest on assumptions, and which assumption is "
                "the riskiest.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Two kinds of value</h2>"
                    "<p>An ordinary business has customers. A social enterprise often has two "
                    "groups: the <b>beneficiaries</b>, for whom you want to make a "
                    "difference, and the <b>customers</b>, who pay. Sometimes they are the "
                    "same people, often not.</p>"
                    "<p>Take a coffee bar that is also a place to learn a trade. The "
                    "beneficiaries are young people without a diploma, who learn the job "
                    "there. The customers are neighbours and office workers who want good "
                    "coffee. The surplus pays for new trainee places.</p>"
                    "<h3>The boxes</h3>"
                    "<p>Beneficiaries, customers, social value proposition, customer value "
                    "proposition, channels, key activities, resources, partners, costs, "
                    "revenue, use of surplus and impact measures.</p>"
                ),
                activity(
                    "The canvas in ninety minutes",
                    "<ol><li>Start with the beneficiaries and their need, not with your "
                    "solution.</li>"
                    "<li>Then fill in the social and the customer value proposition.</li>"
                    "<li>Work on from left to right; leave a box empty if you do not know "
                    "yet.</li>"
                    "<li>Read the canvas aloud to another team and ask what they do not "
                    "understand.</li></ol>",
                    minutes=90,
                ),
                activity(
                    "Marking assumptions",
                    "<p>Put a yellow dot on everything you think but do not know. Choose "
                    "together the assumption that would bring the whole idea down if it were "
                    "wrong. That one gets a red dot: next week's first test starts there.</p>",
                    minutes=30,
                ),
                resource(
                    "Business Model Canvas",
                    "https://en.wikipedia.org/wiki/Business_Model_Canvas",
                    "The original canvas that the social version builds on.",
                ),
                resource(
                    "Social Enterprise NL",
                    "https://www.socialenterprise.nl/",
                    "The Dutch network of social enterprises, with examples and know-how.",
                ),
                reflection(
                    "For whom do you make a difference, and who pays? If those are different "
                    "people: why would the one who pays do so?"
                ),
                deliverable(
                    "First version of the canvas",
                    "<p>Fill in your team's canvas on the platform, with the riskiest "
                    "assumption marked.</p>",
                    due_day="4",
                    completed_by="canvas",
                ),
            ],
        },
    ),
    Module(
        week=5,
        oasis_step=OasisStep.DREAM,
        moments=[
            lab_afternoon(
                "Lab-middag: testkaarten ontwerpen",
                "Lab afternoon: designing test cards",
                end=at(16),
            ),
            evening("Testkaarten bij elkaar toetsen", "Checking each other's test cards"),
        ],
        nl={
            "slug": "week-5-eerste-testkaart",
            "title": "De eerste testkaart",
            "action_learning_focus": "Van aanname naar experiment: klein, snel en goedkoop",
            "summary": (
                "Een idee is nog geen onderneming. Deze week kiest elk team zijn riskantste "
                "aanname en ontwerpt een kleine test: wat geloven we, hoe gaan we dat na, wat "
                "meten we en wanneer hebben we gelijk?"
            ),
            "learning_goals": (
                "<ul><li>Je schrijft een testkaart met alle vier de onderdelen.</li>"
                "<li>Je ontwerpt een test die binnen een week en zonder budget kan.</li>"
                "<li>Je spreekt vóór het testen af wanneer de test geslaagd is.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>De testkaart</h2>"
                    "<p>Een testkaart heeft vier regels:</p>"
                    "<ol><li><b>We geloven dat</b> … (de aanname)</li>"
                    "<li><b>Om dat te controleren gaan we</b> … (de test)</li>"
                    "<li><b>En we meten</b> … (wat je telt of noteert)</li>"
                    "<li><b>We hebben gelijk als</b> … (de grens, vooraf afgesproken)</li></ol>"
                    "<h3>Voorbeeld</h3>"
                    "<p><i>We geloven dat</i> moeders met jonge kinderen op dinsdagochtend "
                    "tijd hebben en graag anderen ontmoeten. <i>Om dat te controleren "
                    "houden we</i> twee proefochtenden met koffie in de buurtkamer. <i>En we "
                    "meten</i> hoeveel moeders komen, hoe lang ze blijven en wie terug wil "
                    "komen. <i>We hebben gelijk als</i> er minstens acht komen en de helft "
                    "zich opgeeft voor een volgende keer.</p>"
                ),
                activity(
                    "De riskantste aanname kiezen",
                    "<p>Pak de rode stip van vorige week erbij. Is dit nog steeds de aanname "
                    "die het meeste risico draagt? Zo niet, kies opnieuw en schrijf op "
                    "waarom.</p>",
                    minutes=30,
                ),
                activity(
                    "Testkaart schrijven en laten toetsen",
                    "<p>Schrijf de testkaart. Ruil daarna met een ander team en controleer "
                    "elkaars kaart: is de test klein genoeg, meet je iets wat je echt kunt "
                    "tellen, en is de grens vooraf duidelijk?</p>",
                    minutes=60,
                ),
                resource(
                    "Strategyzer: ideeën testen",
                    "https://www.strategyzer.com/",
                    "De makers van de testkaart en de leerkaart, met uitleg over testen "
                    "(Engelstalig).",
                ),
                reflection(
                    "Waar ben je bang voor als de test mislukt? Wat zou je er dan toch van leren?"
                ),
                deliverable(
                    "Iteratie 1: de testkaart",
                    "<p>Maak op het platform de eerste iteratie van jullie prototype aan met "
                    "een ingevulde testkaart, en dien die in bij je coach.</p>",
                    due_day="4",
                    completed_by="iteration",
                ),
            ],
        },
        en={
            "slug": "week-5-first-test-card",
            "title": "The first test card",
            "action_learning_focus": "From assumption to experiment: small, quick and cheap",
            "summary": (
                "An idea is not yet an enterprise. This week each team picks its riskiest "
                "assumption and designs a small test: what do we believe, how will we check "
                "it, what will we measure and when are we right?"
            ),
            "learning_goals": (
                "<ul><li>You write a test card with all four parts.</li>"
                "<li>You design a test that can be done within a week and without a "
                "budget.</li>"
                "<li>You agree before testing on when the test has succeeded.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>The test card</h2>"
                    "<p>A test card has four lines:</p>"
                    "<ol><li><b>We believe that</b> … (the assumption)</li>"
                    "<li><b>To verify that, we will</b> … (the test)</li>"
                    "<li><b>And measure</b> … (what you count or note)</li>"
                    "<li><b>We are right if</b> … (the threshold, agreed "
                    "beforehand)</li></ol>"
                    "<h3>Example</h3>"
                    "<p><i>We believe that</i> mothers of young children have time on Tuesday "
                    "mornings and would like to meet others. <i>To verify that, we will</i> "
                    "hold two trial coffee mornings in the community room. <i>And measure</i> "
                    "how many mothers come, how long they stay and who wants to come back. "
                    "<i>We are right if</i> at least eight come and half of them sign up for "
                    "a next time.</p>"
                ),
                activity(
                    "Choosing the riskiest assumption",
                    "<p>Take last week's red dot. Is this still the assumption that carries "
                    "the most risk? If not, choose again and write down why.</p>",
                    minutes=30,
                ),
                activity(
                    "Writing and checking the test card",
                    "<p>Write the test card. Then swap with another team and check each "
                    "other's card: is the test small enough, do you measure something you "
                    "can really count, and is the threshold clear beforehand?</p>",
                    minutes=60,
                ),
                resource(
                    "Strategyzer: testing ideas",
                    "https://www.strategyzer.com/",
                    "The makers of the test card and the learning card, with guidance on testing.",
                ),
                reflection(
                    "What are you afraid of if the test fails? What would you learn from it "
                    "all the same?"
                ),
                deliverable(
                    "Iteration 1: the test card",
                    "<p>Create the first iteration of your prototype on the platform with a "
                    "completed test card, and submit it to your coach.</p>",
                    due_day="4",
                    completed_by="iteration",
                ),
            ],
        },
    ),
    Module(
        week=6,
        oasis_step=OasisStep.DREAM,
        moments=[
            lab_afternoon(
                "Testmiddag in de wijk, coaches lopen mee",
                "Testing afternoon in the neighbourhood, with the coaches",
            ),
            evening("Leerkaarten bespreken", "Discussing learning cards", place=BUURTKAMER),
        ],
        nl={
            "slug": "week-6-eerste-iteratie",
            "title": "Eerste iteratie: testen met de wijk",
            "action_learning_focus": "Doen, waarnemen en vastleggen: de leerkaart",
            "summary": (
                "Teams voeren hun eerste test uit met mensen uit de wijk: buren, winkeliers, "
                "de woningcorporatie of de gemeente. Wat we zien en horen leggen we vast, en "
                "op een leerkaart schrijven we wat we ervan leren."
            ),
            "learning_goals": (
                "<ul><li>Je voert de test uit zoals op de testkaart staat, en noteert wat "
                "afwijkt.</li>"
                "<li>Je verzamelt bewijs en vraagt stakeholders om feedback.</li>"
                "<li>Je vult een leerkaart in en kiest: doorgaan, bijsturen of "
                "stoppen.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Testen met respect</h2>"
                    "<ul><li>Vraag toestemming voordat je iemand fotografeert of "
                    "citeert.</li>"
                    "<li>Beloof niets wat je niet waar kunt maken: het is een proef.</li>"
                    "<li>Mensen geven je hun tijd. Bedank ze, en laat later weten wat je "
                    "ermee gedaan hebt.</li></ul>"
                    "<h3>Feedback van stakeholders</h3>"
                    "<p>Via het platform stuur je stakeholders een link naar korte vragen "
                    "over jullie waardepropositie. Ze hebben daarvoor geen account "
                    "nodig.</p>"
                ),
                activity(
                    "De test uitvoeren",
                    "<p>Voer de test uit. Verdeel de rollen: wie praat, wie noteert, wie "
                    "telt. Schrijf ook op wat anders ging dan gepland; dat is vaak het "
                    "interessantst.</p>",
                ),
                activity(
                    "De leerkaart invullen",
                    "<p>Vul samen de leerkaart in:</p>"
                    "<ol><li><b>We zagen</b> … (feiten, geen meningen)</li>"
                    "<li><b>We leerden</b> … (wat betekent dat voor onze aanname?)</li>"
                    "<li><b>Daarom gaan we</b> … (doorgaan, bijsturen of stoppen)</li></ol>",
                    minutes=45,
                ),
                resource(
                    "The Mom Test",
                    "https://www.momtestbook.com/",
                    "Engelstalig boek over vragen stellen waarop mensen eerlijk antwoorden, "
                    "ook als je idee ze niet aanspreekt.",
                ),
                reflection(
                    "Wat deed je toen de test anders liep dan gepland? Wat zegt dat over hoe "
                    "jij met onzekerheid omgaat?"
                ),
                deliverable(
                    "Iteratie 1: bewijs en leerkaart",
                    "<p>Voeg aan iteratie 1 je aantekeningen, foto's (met toestemming) en de "
                    "leerkaart toe, en dien de iteratie in voor een review.</p>",
                    due_day="4",
                    completed_by="iteration",
                ),
            ],
        },
        en={
            "slug": "week-6-first-iteration",
            "title": "First iteration: testing with the neighbourhood",
            "action_learning_focus": "Doing, observing and recording: the learning card",
            "summary": (
                "Teams run their first test with people from the neighbourhood: neighbours, "
                "shopkeepers, the housing association or the municipality. We record what we "
                "see and hear, and write down what we learn from it on a learning card."
            ),
            "learning_goals": (
                "<ul><li>You run the test as the test card says, and note what turns out "
                "differently.</li>"
                "<li>You collect evidence and ask stakeholders for feedback.</li>"
                "<li>You fill in a learning card and choose: go on, adjust or stop.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Testing with respect</h2>"
                    "<ul><li>Ask for consent before you photograph or quote anyone.</li>"
                    "<li>Do not promise what you cannot deliver: this is a trial.</li>"
                    "<li>People give you their time. Thank them, and let them know later what "
                    "you did with it.</li></ul>"
                    "<h3>Feedback from stakeholders</h3>"
                    "<p>Through the platform you send stakeholders a link to a few short "
                    "questions about your value proposition. They do not need an account for "
                    "that.</p>"
                ),
                activity(
                    "Running the test",
                    "<p>Run the test. Divide the roles: who talks, who takes notes, who "
                    "counts. Also write down what went differently from the plan; that is "
                    "often the most interesting part.</p>",
                ),
                activity(
                    "Filling in the learning card",
                    "<p>Fill in the learning card together:</p>"
                    "<ol><li><b>We observed</b> … (facts, not opinions)</li>"
                    "<li><b>We learned</b> … (what does that mean for our assumption?)</li>"
                    "<li><b>Therefore we will</b> … (go on, adjust or stop)</li></ol>",
                    minutes=45,
                ),
                resource(
                    "The Mom Test",
                    "https://www.momtestbook.com/",
                    "A book about asking questions people answer honestly, even when your "
                    "idea does not appeal to them.",
                ),
                reflection(
                    "What did you do when the test went differently from the plan? What does "
                    "that say about how you deal with uncertainty?"
                ),
                deliverable(
                    "Iteration 1: evidence and learning card",
                    "<p>Add your notes, photos (with consent) and the learning card to "
                    "iteration 1, and submit the iteration for review.</p>",
                    due_day="4",
                    completed_by="iteration",
                ),
            ],
        },
    ),
    Module(
        week=7,
        oasis_step="",
        moments=[
            lab_afternoon(
                "Reflectiemiddag met de coaches", "Reflection afternoon with the coaches"
            ),
        ],
        nl={
            "slug": "week-7-halverwege",
            "title": "Halverwege: terugkijken en bijsturen",
            "action_learning_focus": "Wat weet ik nu over de wijk, mijn team en mezelf?",
            "summary": (
                "Halverwege staan we stil. Iedereen schrijft een tussentijdse reflectie en elk "
                "team bespreekt met de coach wat werkt en wat anders moet. We kijken ook naar "
                "wat het programma tot nu toe met bewoners en studenten doet."
            ),
            "learning_goals": (
                "<ul><li>Je schrijft een tussentijdse reflectie en vult de "
                "zelfbeoordeling in.</li>"
                "<li>Je geeft en ontvangt feedback binnen je team.</li>"
                "<li>Je team past het plan en de teamafspraken aan voor de tweede "
                "helft.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Leren = kennis + vragen + reflectie</h2>"
                    "<p>Bij actieleren komt leren uit drie bronnen: wat je aangereikt krijgt, "
                    "de vragen die je jezelf en elkaar stelt, en het terugkijken op wat je "
                    "deed. Deze week staat het terugkijken centraal.</p>"
                    "<p>Je reflectie is standaard alleen voor jou en je coach. Je kiest zelf "
                    "of je team hem ook mag lezen.</p>"
                ),
                activity(
                    "Tijdlijn van zes weken",
                    "<p>Teken samen een tijdlijn van week 1 tot nu. Zet er de hoogte- en "
                    "dieptepunten op, elk vanuit zijn eigen ervaring. Waar lopen de lijnen "
                    "van studenten en bewoners uiteen, en waarom?</p>",
                    minutes=45,
                ),
                activity(
                    "Coachgesprek per team",
                    "<p>Elk team spreekt een half uur met de coach. De coach stelt vragen; "
                    "het team zoekt de antwoorden. Sluit af met drie afspraken voor de "
                    "komende weken, met een naam en een datum erbij.</p>",
                    minutes=30,
                ),
                resource(
                    "Reg Revans, grondlegger van actieleren",
                    "https://en.wikipedia.org/wiki/Reginald_Revans",
                    "Engelstalige achtergrond bij de formule leren = kennis + vragen.",
                ),
                reflection(
                    "Wat kun je nu dat je in week 1 nog niet kon? Waar zit je nog vast, en "
                    "welke vraag zou je daarbij helpen?"
                ),
                reflection(
                    "Hoe is je beeld van de wijk, of van de studenten, veranderd sinds de "
                    "eerste wandeling?"
                ),
                deliverable(
                    "Tussentijdse reflectie",
                    "<p>Schrijf je tussentijdse reflectie op het platform en vul de "
                    "zelfbeoordeling in, zodat je in week 12 kunt zien wat er veranderd "
                    "is.</p>",
                    due_day="3",
                    completed_by="reflection",
                ),
            ],
        },
        en={
            "slug": "week-7-halfway",
            "title": "Halfway: looking back and adjusting course",
            "action_learning_focus": "What do I now know about the neighbourhood, my team and myself?",
            "summary": (
                "Halfway through, we pause. Everyone writes a mid-term reflection and each "
                "team discusses with its coach what works and what needs to change. We also "
                "look at what the programme has done so far for residents and students."
            ),
            "learning_goals": (
                "<ul><li>You write a mid-term reflection and fill in the "
                "self-assessment.</li>"
                "<li>You give and receive feedback within your team.</li>"
                "<li>Your team adjusts its plan and agreements for the second half.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Learning = knowledge + questions + reflection</h2>"
                    "<p>In action learning, learning comes from three sources: what you are "
                    "taught, the questions you ask yourself and each other, and looking back "
                    "on what you did. This week is about looking back.</p>"
                    "<p>Your reflection is for you and your coach only by default. You decide "
                    "whether your team may read it too.</p>"
                ),
                activity(
                    "A six-week timeline",
                    "<p>Draw a timeline together from week 1 until now. Mark the highs and "
                    "lows, each from their own experience. Where do the lines of students and "
                    "residents diverge, and why?</p>",
                    minutes=45,
                ),
                activity(
                    "Coaching conversation per team",
                    "<p>Each team talks with the coach for half an hour. The coach asks "
                    "questions; the team looks for the answers. Finish with three agreements "
                    "for the coming weeks, each with a name and a date.</p>",
                    minutes=30,
                ),
                resource(
                    "Reg Revans, founder of action learning",
                    "https://en.wikipedia.org/wiki/Reginald_Revans",
                    "Background to the formula learning = knowledge + questions.",
                ),
                reflection(
                    "What can you do now that you could not do in week 1? Where are you still "
                    "stuck, and which question would help you with it?"
                ),
                reflection(
                    "How has your picture of the neighbourhood, or of the students, changed "
                    "since the first walk?"
                ),
                deliverable(
                    "Mid-term reflection",
                    "<p>Write your mid-term reflection on the platform and fill in the "
                    "self-assessment, so that in week 12 you can see what has changed.</p>",
                    due_day="3",
                    completed_by="reflection",
                ),
            ],
        },
    ),
    Module(
        week=8,
        oasis_step=OasisStep.CARE,
        moments=[
            lab_afternoon(
                "Partnermiddag: wijkorganisaties aan tafel",
                "Partner afternoon: local organisations at the table",
                end=at(16),
            ),
            evening("Plannen maken per team", "Planning per team"),
        ],
        nl={
            "slug": "week-8-zorg",
            "title": "Zorg: samen plannen met partners",
            "action_learning_focus": "Wie doet mee? Partners zoeken en taken verdelen",
            "summary": (
                "Een sociale onderneming bouw je niet alleen. Teams maken een plan voor de "
                "volgende test samen met partners uit de wijk: wie doet wat, met welke "
                "middelen, en wanneer?"
            ),
            "learning_goals": (
                "<ul><li>Je maakt een stakeholderkaart: wie heeft er baat bij, wie betaalt, "
                "wie kan helpen en wie beslist?</li>"
                "<li>Je team spreekt minstens twee mogelijke partners.</li>"
                "<li>Jullie maken met partners een plan voor week 9 en 10, met taken en "
                "data.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Zorg: samen plannen</h2>"
                    "<p>In de Oasis-methode is <b>Zorg</b> de stap waarin dromen een plan "
                    "worden dat mensen samen dragen. Denk aan de woningcorporatie, het "
                    "buurthuis, winkeliers, scholen, moskeeën en kerken, sportclubs en het "
                    "wijkbureau van de gemeente.</p>"
                    "<p>Partners kunnen meer bieden dan geld: een ruimte, een netwerk, "
                    "materiaal, een eerste opdracht of de weg naar een fonds voor "
                    "bewonersinitiatieven.</p>"
                ),
                activity(
                    "Stakeholderkaart",
                    "<p>Zet jullie wijkvraag in het midden. Teken eromheen alle mensen en "
                    "organisaties die ermee te maken hebben. Geef met pijlen aan wie wie kent. "
                    "Kies er twee om deze week te spreken.</p>",
                    minutes=45,
                ),
                activity(
                    "Partnergesprek voorbereiden en voeren",
                    "<p>Bereid in tien minuten voor: wat willen wij weten, wat kunnen we de "
                    "partner bieden, en wat vragen we concreet? Voer het gesprek met zijn "
                    "tweeën of drieën en schrijf de afspraken direct op.</p>",
                    minutes=90,
                ),
                resource(
                    "Gemeente Utrecht",
                    "https://www.utrecht.nl/",
                    "Zoek op 'initiatievenfonds' voor steun aan bewonersinitiatieven, en op "
                    "je wijk voor het wijkbureau.",
                ),
                reflection(
                    "Wat heeft een partner eraan om met jullie samen te werken? Als je dat "
                    "niet kunt zeggen, wat moet je dan nog uitzoeken?"
                ),
                deliverable(
                    "Samen-plan voor de tweede test",
                    "<p>Het plan voor week 9 en 10: wat jullie testen, met welke partners, "
                    "wie wat doet en wanneer. Eén pagina is genoeg.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
        en={
            "slug": "week-8-care",
            "title": "Care: planning together with partners",
            "action_learning_focus": "Who joins in? Finding partners and sharing tasks",
            "summary": (
                "You do not build a social enterprise alone. Teams plan their next test "
                "together with partners from the neighbourhood: who does what, with which "
                "resources, and when?"
            ),
            "learning_goals": (
                "<ul><li>You draw a stakeholder map: who benefits, who pays, who can help and "
                "who decides?</li>"
                "<li>Your team talks with at least two possible partners.</li>"
                "<li>Together with partners you make a plan for weeks 9 and 10, with tasks "
                "and dates.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Care: planning together</h2>"
                    "<p>In the Oasis method, <b>Care</b> is the step in which dreams become a "
                    "plan that people carry together. Think of the housing association, the "
                    "community centre, shopkeepers, schools, mosques and churches, sports "
                    "clubs and the municipality's district office.</p>"
                    "<p>Partners can offer more than money: a space, a network, materials, a "
                    "first order or the way to a fund for residents' initiatives.</p>"
                ),
                activity(
                    "Stakeholder map",
                    "<p>Put your neighbourhood question in the middle. Around it, draw all "
                    "the people and organisations involved. Use arrows to show who knows whom. "
                    "Pick two to talk to this week.</p>",
                    minutes=45,
                ),
                activity(
                    "Preparing and holding a partner conversation",
                    "<p>Take ten minutes to prepare: what do we want to know, what can we "
                    "offer the partner, and what do we ask for in concrete terms? Hold the "
                    "conversation in twos or threes and write down the agreements straight "
                    "away.</p>",
                    minutes=90,
                ),
                resource(
                    "City of Utrecht",
                    "https://www.utrecht.nl/",
                    "Search for 'initiatievenfonds' for support for residents' initiatives, "
                    "and for your neighbourhood to find the district office (in Dutch).",
                ),
                reflection(
                    "What does a partner gain from working with you? If you cannot say, what "
                    "do you still need to find out?"
                ),
                deliverable(
                    "A shared plan for the second test",
                    "<p>The plan for weeks 9 and 10: what you will test, with which partners, "
                    "who does what and when. One page is enough.</p>",
                    due_day="4",
                    completed_by="file",
                ),
            ],
        },
    ),
    Module(
        week=9,
        oasis_step=OasisStep.CARE,
        moments=[
            lab_afternoon(
                "Lab-middag: de tweede test voorbereiden",
                "Lab afternoon: preparing the second test",
            ),
            evening("Open inloop met de coaches", "Drop-in with the coaches"),
        ],
        nl={
            "slug": "week-9-tweede-iteratie",
            "title": "Tweede iteratie: beter testen",
            "action_learning_focus": "Bijsturen op basis van bewijs, en opnieuw testen",
            "summary": (
                "Met wat we in de eerste test leerden en de afspraken met partners voeren "
                "teams een tweede, grotere test uit. We leggen de twee iteraties naast elkaar: "
                "wat is er veranderd, en waarom?"
            ),
            "learning_goals": (
                "<ul><li>Je schrijft een nieuwe testkaart die voortbouwt op de leerkaart van "
                "iteratie 1.</li>"
                "<li>Je test met minstens vijf stakeholders en vraagt hun feedback.</li>"
                "<li>Je vergelijkt de twee iteraties en werkt het canvas bij.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Een iteratie is een nieuwe versie</h2>"
                    "<p>Een ingediende iteratie verander je niet meer. Wat je nu bijstelt, "
                    "wordt iteratie 2. Zo blijft zichtbaar wat je geleerd hebt: op het "
                    "platform kun je de twee versies naast elkaar zetten.</p>"
                    "<p>Heeft de coach bij iteratie 1 om aanpassingen gevraagd? Begin "
                    "daarmee.</p>"
                ),
                activity(
                    "Van leerkaart naar nieuwe testkaart",
                    "<p>Lees de leerkaart van iteratie 1 hardop. Wat stond er bij "
                    "<i>Daarom gaan we</i>? Maak daar de nieuwe aanname van, en schrijf een "
                    "testkaart die groter is dan de eerste: meer mensen, of een echte prijs, "
                    "of een partner die meedoet.</p>",
                    minutes=45,
                ),
                activity(
                    "Feedback van stakeholders vragen",
                    "<p>Stuur de feedbacklink naar de stakeholders die bij de test waren. "
                    "Herinner ze na twee dagen één keer, vriendelijk. Bespreek de antwoorden "
                    "in het team voordat je de leerkaart invult.</p>",
                ),
                resource(
                    "Ervaringsleren (Kolb)",
                    "https://en.wikipedia.org/wiki/Experiential_learning",
                    "Engelstalige uitleg van de leercirkel: doen, waarnemen, begrijpen, "
                    "opnieuw proberen.",
                ),
                reflection(
                    "Wat is het belangrijkste verschil tussen iteratie 1 en 2? Kwam dat uit "
                    "bewijs, of uit een gevoel?"
                ),
                deliverable(
                    "Iteratie 2: testkaart, bewijs en leerkaart",
                    "<p>Dien iteratie 2 in met testkaart, bewijs, de feedback van "
                    "stakeholders en de leerkaart.</p>",
                    due_day="4",
                    completed_by="iteration",
                ),
            ],
        },
        en={
            "slug": "week-9-second-iteration",
            "title": "Second iteration: testing better",
            "action_learning_focus": "Adjusting on the evidence, and testing again",
            "summary": (
                "With what we learned in the first test and the agreements with partners, "
                "teams run a second, larger test. We put the two iterations side by side: what "
                "has changed, and why?"
            ),
            "learning_goals": (
                "<ul><li>You write a new test card that builds on the learning card of "
                "iteration 1.</li>"
                "<li>You test with at least five stakeholders and ask for their "
                "feedback.</li>"
                "<li>You compare the two iterations and update the canvas.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>An iteration is a new version</h2>"
                    "<p>A submitted iteration no longer changes. What you adjust now becomes "
                    "iteration 2. That keeps what you learned visible: on the platform you "
                    "can put the two versions side by side.</p>"
                    "<p>Did the coach ask for changes to iteration 1? Start there.</p>"
                ),
                activity(
                    "From learning card to new test card",
                    "<p>Read the learning card of iteration 1 aloud. What did it say under "
                    "<i>Therefore we will</i>? Turn that into the new assumption, and write "
                    "a test card that is bigger than the first: more people, or a real price, "
                    "or a partner who takes part.</p>",
                    minutes=45,
                ),
                activity(
                    "Asking stakeholders for feedback",
                    "<p>Send the feedback link to the stakeholders who took part in the test. "
                    "Remind them once, kindly, after two days. Discuss the answers in the "
                    "team before you fill in the learning card.</p>",
                ),
                resource(
                    "Experiential learning (Kolb)",
                    "https://en.wikipedia.org/wiki/Experiential_learning",
                    "The learning cycle explained: doing, observing, understanding, trying again.",
                ),
                reflection(
                    "What is the most important difference between iterations 1 and 2? Did "
                    "it come from evidence, or from a feeling?"
                ),
                deliverable(
                    "Iteration 2: test card, evidence and learning card",
                    "<p>Submit iteration 2 with its test card, evidence, the stakeholders' "
                    "feedback and the learning card.</p>",
                    due_day="4",
                    completed_by="iteration",
                ),
            ],
        },
    ),
    Module(
        week=10,
        oasis_step=OasisStep.MIRACLE,
        moments=[
            lab_afternoon(
                "Voorbereiden en taken verdelen",
                "Preparing and dividing tasks",
                end=at(15, 30),
            ),
            Moment(
                "5",
                at(11),
                at(15),
                {
                    "nl": "Wijkdag: alle prototypes in de wijk",
                    "en": "Neighbourhood day: every prototype out in the neighbourhood",
                },
                PLEIN,
            ),
        ],
        nl={
            "slug": "week-10-wonder",
            "title": "Wonder: samen bouwen in de wijk",
            "action_learning_focus": "Samen met bewoners iets echts neerzetten, hoe klein ook",
            "summary": (
                "In de Oasis-methode is het wonder het moment waarop de wijk samen iets maakt. "
                "Op de wijkdag zetten teams hun prototype echt neer, samen met bewoners en "
                "partners: een pop-up koffiebar, een buurtsafari, een inloopspreekuur."
            ),
            "learning_goals": (
                "<ul><li>Je organiseert met je team en partners een echte activiteit in de "
                "wijk.</li>"
                "<li>Je betrekt bewoners die niet in je team zitten bij het bouwen.</li>"
                "<li>Je houdt bij wat de dag kost en oplevert, in geld en in "
                "reacties.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Het wonder</h2>"
                    "<p>Een wonder in de Oasis-methode is niet iets wat uit de lucht valt. Het "
                    "is wat er gebeurt als veel mensen op één dag samen iets neerzetten dat "
                    "niemand alleen had gekund. De wijkdag is op zaterdag, zodat ook bewoners "
                    "die doordeweeks werken erbij kunnen zijn.</p>"
                ),
                activity(
                    "Draaiboek voor de wijkdag",
                    "<ul><li>Wat staat er om 11 uur klaar, en wie zet het neer?</li>"
                    "<li>Wie haalt mensen binnen, wie praat, wie telt?</li>"
                    "<li>Wat heb je nodig van partners, en is dat bevestigd?</li>"
                    "<li>Wat doe je als het regent?</li></ul>",
                    minutes=60,
                ),
                activity(
                    "De wijkdag",
                    "<p>Zet jullie prototype neer op het plein of op een plek van een partner. "
                    "Nodig de mensen uit die je in week 2 en 3 sprak. Vraag bezoekers om "
                    "feedback via de link of op een kaartje.</p>",
                    minutes=240,
                    grouping="all",
                ),
                resource(
                    "Autoriteit Persoonsgegevens",
                    "https://autoriteitpersoonsgegevens.nl/",
                    "Wat mag wel en niet bij het fotograferen en filmen van mensen.",
                ),
                reflection(
                    "Wie hielp er op de wijkdag mee die je niet had verwacht? Wat zegt dat "
                    "over wie jullie onderneming later kan dragen?"
                ),
                deliverable(
                    "Verslag van de wijkdag",
                    "<p>Wat jullie deden, hoeveel mensen er kwamen, wat het kostte en "
                    "opleverde, en drie reacties van bezoekers. Foto's alleen met "
                    "toestemming.</p>",
                    due_day="6",
                    completed_by="file",
                ),
            ],
        },
        en={
            "slug": "week-10-miracle",
            "title": "Miracle: building it together in the neighbourhood",
            "action_learning_focus": "Making something real with residents, however small",
            "summary": (
                "In the Oasis method, the miracle is the moment the neighbourhood makes "
                "something together. On neighbourhood day teams set up their prototype for "
                "real, with residents and partners: a pop-up coffee bar, a neighbourhood "
                "safari, a drop-in advice desk."
            ),
            "learning_goals": (
                "<ul><li>With your team and partners you organise a real activity in the "
                "neighbourhood.</li>"
                "<li>You involve residents who are not in your team in building it.</li>"
                "<li>You keep track of what the day costs and brings in, in money and in "
                "responses.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>The miracle</h2>"
                    "<p>A miracle in the Oasis method does not fall from the sky. It is what "
                    "happens when many people build something together in one day that no one "
                    "could have done alone. Neighbourhood day is on a Saturday, so that "
                    "residents who work on weekdays can be there too.</p>"
                ),
                activity(
                    "A script for neighbourhood day",
                    "<ul><li>What is ready at 11 o'clock, and who sets it up?</li>"
                    "<li>Who welcomes people, who talks, who counts?</li>"
                    "<li>What do you need from partners, and is it confirmed?</li>"
                    "<li>What will you do if it rains?</li></ul>",
                    minutes=60,
                ),
                activity(
                    "Neighbourhood day",
                    "<p>Set up your prototype on the square or at a partner's place. Invite "
                    "the people you spoke to in weeks 2 and 3. Ask visitors for feedback "
                    "through the link or on a card.</p>",
                    minutes=240,
                    grouping="all",
                ),
                resource(
                    "Dutch Data Protection Authority",
                    "https://autoriteitpersoonsgegevens.nl/",
                    "What is and is not allowed when photographing or filming people.",
                ),
                reflection(
                    "Who helped on neighbourhood day that you did not expect? What does that "
                    "say about who could carry your enterprise later?"
                ),
                deliverable(
                    "Report on neighbourhood day",
                    "<p>What you did, how many people came, what it cost and brought in, and "
                    "three responses from visitors. Photos only with consent.</p>",
                    due_day="6",
                    completed_by="file",
                ),
            ],
        },
    ),
    Module(
        week=11,
        oasis_step=OasisStep.MIRACLE,
        moments=[
            lab_afternoon("Workshop: impact zichtbaar maken", "Workshop: making impact visible"),
            evening("Schrijfavond met de coaches", "Writing evening with the coaches"),
        ],
        nl={
            "slug": "week-11-waardecase-impact",
            "title": "Waardecase en impactverklaring",
            "action_learning_focus": "Onderbouwen wat je prototype oplevert, en voor wie",
            "summary": (
                "Teams zetten op een rij wat hun onderneming oplevert: voor de mensen voor "
                "wie ze het doen, voor klanten en partners, en voor de wijk. De "
                "impactverklaring beschrijft wat er verandert, voor wie, hoeveel, wat jullie "
                "bijdrage is en welke risico's er zijn."
            ),
            "learning_goals": (
                "<ul><li>Je beschrijft de impact van jullie prototype langs vijf "
                "dimensies.</li>"
                "<li>Je maakt een eerlijke rekensom van kosten, inkomsten en waarde.</li>"
                "<li>Je geeft aan hoe sterk het bewijs is, en wat je nog niet weet.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Vijf vragen over impact</h2>"
                    "<ol><li><b>Wat</b> verandert er, en hoe belangrijk is dat voor de "
                    "mensen zelf?</li>"
                    "<li><b>Wie</b> merkt het, en hoe groot was hun vraag?</li>"
                    "<li><b>Hoeveel</b>: hoeveel mensen, hoe diep en hoe lang?</li>"
                    "<li><b>Bijdrage</b>: wat was er ook zonder jullie gebeurd?</li>"
                    "<li><b>Risico</b>: wat kan ervoor zorgen dat de impact anders uitvalt "
                    "dan verwacht?</li></ol>"
                    "<p>Een buurtsafari kan bijvoorbeeld bezoekers een ander beeld van "
                    "Overvecht geven, en bewoners die gids zijn een inkomen en "
                    "zelfvertrouwen. Dat zijn twee verschillende 'wie's, met elk hun eigen "
                    "bewijs.</p>"
                ),
                activity(
                    "Impact in vijf vragen",
                    "<p>Beantwoord de vijf vragen voor jullie prototype. Zet bij elk antwoord "
                    "waar het op gebaseerd is: een telling, een gesprek, een verwachting. "
                    "Wees eerlijk over wat je nog niet weet.</p>",
                    minutes=60,
                ),
                activity(
                    "De rekensom",
                    "<p>Wat kost het om jullie onderneming een jaar te laten draaien? Wie "
                    "betaalt wat? Gebruik de cijfers van de wijkdag als eerste schatting. "
                    "Werk daarna de vakken kosten, inkomsten en besteding van de winst in het "
                    "canvas bij.</p>",
                    minutes=60,
                ),
                resource(
                    "Impact Frontiers: vijf dimensies van impact",
                    "https://impactfrontiers.org/",
                    "De vijf dimensies waarop de impactverklaring is gebaseerd (Engelstalig).",
                ),
                resource(
                    "Social return on investment",
                    "https://en.wikipedia.org/wiki/Social_return_on_investment",
                    "Een manier om maatschappelijke waarde in geld uit te drukken, met de "
                    "beperkingen daarvan (Engelstalig).",
                ),
                reflection(
                    "Welke impact zou je graag claimen, maar kun je (nog) niet bewijzen? Wat "
                    "zou je nodig hebben om dat wel te kunnen?"
                ),
                deliverable(
                    "Impactverklaring en bijgewerkt canvas",
                    "<p>Vul de impactverklaring in bij jullie prototype en werk het canvas "
                    "bij met de rekensom.</p>",
                    due_day="4",
                    completed_by="canvas",
                ),
            ],
        },
        en={
            "slug": "week-11-value-case-impact",
            "title": "The value case and impact statement",
            "action_learning_focus": "Showing what your prototype brings, and for whom",
            "summary": (
                "Teams set out what their enterprise brings: for the people they do it for, "
                "for customers and partners, and for the neighbourhood. The impact statement "
                "describes what changes, for whom, how much, what your contribution is and "
                "what the risks are."
            ),
            "learning_goals": (
                "<ul><li>You describe the impact of your prototype along five "
                "dimensions.</li>"
                "<li>You make an honest calculation of costs, revenue and value.</li>"
                "<li>You state how strong the evidence is, and what you do not know "
                "yet.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Five questions about impact</h2>"
                    "<ol><li><b>What</b> changes, and how important is it to the people "
                    "themselves?</li>"
                    "<li><b>Who</b> notices it, and how great was their need?</li>"
                    "<li><b>How much</b>: how many people, how deeply and for how long?</li>"
                    "<li><b>Contribution</b>: what would have happened without you?</li>"
                    "<li><b>Risk</b>: what could make the impact turn out differently from "
                    "what you expect?</li></ol>"
                    "<p>A neighbourhood safari, for example, can give visitors a different "
                    "picture of Overvecht, and give the residents who guide them an income "
                    "and confidence. Those are two different 'whos', each with its own "
                    "evidence.</p>"
                ),
                activity(
                    "Impact in five questions",
                    "<p>Answer the five questions for your prototype. Next to each answer, "
                    "note what it is based on: a count, a conversation, an expectation. Be "
                    "honest about what you do not know yet.</p>",
                    minutes=60,
                ),
                activity(
                    "The calculation",
                    "<p>What does it cost to run your enterprise for a year? Who pays what? "
                    "Use the figures from neighbourhood day as a first estimate. Then update "
                    "the costs, revenue and use of surplus boxes of the canvas.</p>",
                    minutes=60,
                ),
                resource(
                    "Impact Frontiers: five dimensions of impact",
                    "https://impactfrontiers.org/",
                    "The five dimensions the impact statement is based on.",
                ),
                resource(
                    "Social return on investment",
                    "https://en.wikipedia.org/wiki/Social_return_on_investment",
                    "A way to express social value in money, and its limits.",
                ),
                reflection(
                    "Which impact would you like to claim but cannot prove (yet)? What would "
                    "you need to be able to?"
                ),
                deliverable(
                    "Impact statement and updated canvas",
                    "<p>Fill in the impact statement for your prototype and update the canvas "
                    "with your calculation.</p>",
                    due_day="4",
                    completed_by="canvas",
                ),
            ],
        },
    ),
    Module(
        week=12,
        oasis_step=OasisStep.CELEBRATION,
        moments=[
            lab_afternoon("Generale repetitie", "Dress rehearsal", end=at(15, 30)),
            evening(
                "Slotavond: presentaties en feest",
                "Closing evening: presentations and celebration",
                place=BUURTKAMER,
                start=at(18, 30),
                end=at(21, 30),
            ),
        ],
        nl={
            "slug": "week-12-vieren-en-verder",
            "title": "Vieren en verder: presenteren en kiezen wie doorgaat",
            "action_learning_focus": "Oogsten wat we leerden en besluiten over het vervolg",
            "summary": (
                "We sluiten af met een feestelijke avond voor de wijk, partners en de "
                "hogeschool. Daarna kiest elk team: stoppen we, geven we het door, of gaan we "
                "verder in het vervolgtraject van het Learning Lab?"
            ),
            "learning_goals": (
                "<ul><li>Je presenteert jullie prototype en wat jullie leerden in zeven "
                "minuten, voor een gemengd publiek.</li>"
                "<li>Je schrijft een eindreflectie en vergelijkt die met week 1 en week "
                "7.</li>"
                "<li>Je team neemt een bewust besluit over het vervolg.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Vieren</h2>"
                    "<p>Twaalf weken geleden liepen jullie voor het eerst samen door de wijk. "
                    "Nu laten jullie zien wat daaruit gegroeid is. Nodig iedereen uit die "
                    "heeft meegeholpen: de mensen uit de gesprekken, de partners, de "
                    "bezoekers van de wijkdag.</p>"
                    "<h2>Re-evolutie: en nu?</h2>"
                    "<p>Er zijn drie goede uitkomsten. Jullie <b>stoppen</b>, en weten "
                    "waarom. Jullie <b>geven het door</b> aan mensen of een organisatie die "
                    "het verder kunnen dragen. Of jullie <b>gaan door</b> in het "
                    "vervolgtraject, samen met nieuwe bewoners en met coaching op maat. Ook "
                    "wat je leerde over je impact, op de wijk en op jezelf, is een "
                    "resultaat.</p>"
                ),
                activity(
                    "Presentatie in zeven minuten",
                    "<ul><li>De wijkvraag, in de woorden van een bewoner.</li>"
                    "<li>Wat jullie testten, en wat er anders ging dan gedacht.</li>"
                    "<li>De impact tot nu toe, eerlijk.</li>"
                    "<li>Wat er nu gebeurt.</li></ul>"
                    "<p>Oefen tijdens de generale repetitie en vraag een ander team om "
                    "feedback.</p>",
                    minutes=90,
                ),
                activity(
                    "Besluit over het vervolg",
                    "<p>Bespreek eerlijk: wie heeft na deze twaalf weken nog tijd en energie? "
                    "Wat is er nodig om verder te gaan? Welke nieuwe bewoners zouden willen "
                    "aansluiten? Schrijf het besluit op, ook als het 'stoppen' is.</p>",
                    minutes=45,
                ),
                resource(
                    "Kamer van Koophandel",
                    "https://www.kvk.nl/",
                    "Voor teams die doorgaan: rechtsvormen, inschrijven en starten als ondernemer.",
                ),
                reflection(
                    "Lees je reflectie van week 1 en week 7 terug. Wat is er veranderd in hoe "
                    "je naar de wijk, naar samenwerken en naar jezelf kijkt?"
                ),
                deliverable(
                    "Presentatie",
                    "<p>Upload de presentatie van jullie team, zodat partners en de "
                    "hogeschool hem later kunnen teruglezen.</p>",
                    due_day="3",
                    completed_by="file",
                ),
                deliverable(
                    "Eindreflectie",
                    "<p>Schrijf je eindreflectie en vul de zelfbeoordeling nog één keer in.</p>",
                    due_day="4",
                    completed_by="reflection",
                ),
            ],
        },
        en={
            "slug": "week-12-celebration-re-evolution",
            "title": "Celebration and re-evolution: presenting and choosing who goes on",
            "action_learning_focus": "Harvesting what we learned and deciding what comes next",
            "summary": (
                "We close with a festive evening for the neighbourhood, partners and the "
                "university. Then each team decides: do we stop, hand it over, or go on in "
                "the Learning Lab's continuation?"
            ),
            "learning_goals": (
                "<ul><li>You present your prototype and what you learned in seven minutes, "
                "to a mixed audience.</li>"
                "<li>You write a final reflection and compare it with weeks 1 and 7.</li>"
                "<li>Your team makes a deliberate decision about what comes next.</li></ul>"
            ),
            "body": [
                text(
                    "<h2>Celebration</h2>"
                    "<p>Twelve weeks ago you walked through the neighbourhood together for the "
                    "first time. Now you show what has grown from it. Invite everyone who "
                    "helped: the people from the conversations, the partners, the visitors of "
                    "neighbourhood day.</p>"
                    "<h2>Re-evolution: what now?</h2>"
                    "<p>There are three good outcomes. You <b>stop</b>, and know why. You "
                    "<b>hand it over</b> to people or an organisation who can carry it on. Or "
                    "you <b>go on</b> in the continuation, together with new residents and "
                    "tailored coaching. What you learned about your impact, on the "
                    "neighbourhood and on yourself, is a result too.</p>"
                ),
                activity(
                    "A seven-minute presentation",
                    "<ul><li>The neighbourhood question, in a resident's words.</li>"
                    "<li>What you tested, and what turned out differently from what you "
                    "thought.</li>"
                    "<li>The impact so far, honestly.</li>"
                    "<li>What happens now.</li></ul>"
                    "<p>Practise at the dress rehearsal and ask another team for "
                    "feedback.</p>",
                    minutes=90,
                ),
                activity(
                    "Deciding what comes next",
                    "<p>Discuss honestly: who still has time and energy after these twelve "
                    "weeks? What is needed to go on? Which new residents might like to join? "
                    "Write the decision down, even if it is 'stop'.</p>",
                    minutes=45,
                ),
                resource(
                    "Netherlands Chamber of Commerce (KVK)",
                    "https://www.kvk.nl/",
                    "For teams that go on: legal forms, registering and starting as an "
                    "entrepreneur.",
                ),
                reflection(
                    "Read your reflections from weeks 1 and 7 again. What has changed in how "
                    "you look at the neighbourhood, at working together and at yourself?"
                ),
                deliverable(
                    "Presentation",
                    "<p>Upload your team's presentation, so that partners and the university "
                    "can look back at it later.</p>",
                    due_day="3",
                    completed_by="file",
                ),
                deliverable(
                    "Final reflection",
                    "<p>Write your final reflection and fill in the self-assessment one last "
                    "time.</p>",
                    due_day="4",
                    completed_by="reflection",
                ),
            ],
        },
    ),
]
