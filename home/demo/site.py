"""The public pages of the demo site, in Dutch (the default) and English."""

from .blocks import text

HOME = {
    "nl": {
        "title": "Learning Lab",
        "intro": (
            "Studenten en jonge bewoners bouwen samen aan sociale ondernemingen in hun wijk: "
            "twaalf weken leren door te doen, en daarna verder voor wie wil."
        ),
        "body": [
            text(
                "<h2>Wat is het Learning Lab?</h2>"
                "<p>In het Learning Lab werken studenten van de hogeschool en jonge bewoners "
                "in gemengde teams aan een echte vraag uit hun wijk. In twaalf weken gaan ze "
                "van een vraag naar een eerste versie van een sociale onderneming, en testen "
                "ze die met buren, winkeliers, de woningcorporatie en de gemeente.</p>"
                "<p>Niet elk idee wordt een bedrijf, en dat hoeft ook niet. Sommige "
                "initiatieven stoppen, andere groeien langzaam en een paar staan nu op eigen "
                "benen. Wat iedereen meeneemt, is wat ze geleerd hebben over de wijk, over "
                "samenwerken en over zichzelf.</p>"
            ),
            text(
                "<h2>Hoe werkt het?</h2>"
                "<ul>"
                "<li><b>Deel 1, het programma:</b> twaalf weken met vaste contactmomenten, "
                "passend in het collegejaar én rond werk, school en de zorg voor kinderen.</li>"
                "<li><b>Deel 2, het vervolg:</b> teams die door willen, gaan verder met nieuwe "
                "buurtbewoners en coaching op maat.</li>"
                "</ul>"
                "<p>Je volgt de modules week voor week, op je laptop of je telefoon.</p>"
            ),
        ],
    },
    "en": {
        "title": "Learning Lab",
        "intro": (
            "Students and young residents build social enterprises together in their "
            "neighbourhood: twelve weeks of learning by doing, then onwards for those who want to."
        ),
        "body": [
            text(
                "<h2>What is the Learning Lab?</h2>"
                "<p>In the Learning Lab, university students and young residents work in mixed "
                "teams on a real question from their neighbourhood. In twelve weeks they go "
                "from a question to a first version of a social enterprise, and test it with "
                "neighbours, shopkeepers, the housing association and the municipality.</p>"
                "<p>Not every idea becomes a business, and it does not have to. Some "
                "initiatives stop, others grow slowly and a few now stand on their own feet. "
                "What everyone takes home is what they learned about the neighbourhood, about "
                "working together and about themselves.</p>"
            ),
            text(
                "<h2>How does it work?</h2>"
                "<ul>"
                "<li><b>Part 1, the programme:</b> twelve weeks with fixed contact moments, "
                "fitting the academic year as well as work, school and childcare.</li>"
                "<li><b>Part 2, continuation:</b> teams that want to go on continue with new "
                "residents and tailored coaching.</li>"
                "</ul>"
                "<p>You follow the modules week by week, on your laptop or your phone.</p>"
            ),
        ],
    },
}

PROGRAMME_INDEX = {
    "nl": {
        "title": "Programma's",
        "slug": "programmas",
        "intro": (
            "<p>Elk programma is één ronde van twaalf weken in één wijk, met een eigen groep "
            "studenten en bewoners. Hieronder vind je de lopende en komende rondes.</p>"
        ),
    },
    "en": {
        "title": "Programmes",
        "slug": "programmes",
        "intro": (
            "<p>Each programme is one twelve-week round in one neighbourhood, with its own "
            "group of students and residents. Below are the current and upcoming rounds.</p>"
        ),
    },
}

ABOUT = {
    "nl": {
        "title": "Over Learning Lab",
        "slug": "over-learning-lab",
        "intro": "Waar het Learning Lab vandaan komt, en waarom we het zo doen.",
        "body": [
            text(
                "<h2>Begonnen in Overvecht</h2>"
                "<p>Het Learning Lab begon als proef in Overvecht, een grote naoorlogse wijk "
                "in Utrecht. Het was een van de pilots van een Europees programma voor "
                "actieleren en sociaal ondernemen vanuit de wijk, met acht pilots in zes "
                "steden in vijf landen.</p>"
                "<p>In twee proefrondes deden ongeveer 46 startende sociale ondernemers mee, "
                "met zo'n 25 studenten per cursus. Uit die rondes kwamen onder meer een café "
                "waar moeders elkaar ontmoeten en van elkaar leren, rondleidingen langs de "
                "verborgen plekken van de wijk, een startersloket voor bewoners met een "
                "ondernemersidee, een ontmoetingsplek voor jongeren, een koffiebar die ook een "
                "leerwerkplek is voor jongeren zonder diploma, en een netwerk van "
                "buurtverbinders.</p>"
            ),
            text(
                "<h2>Drie pijlers</h2>"
                "<ul>"
                "<li><b>Sociaal ondernemen</b> als nieuwe manier om naar vragen in de wijk te "
                "kijken: wie heeft er baat bij, wie betaalt, en wat verandert er?</li>"
                "<li><b>Actieleren</b>: leren door te doen, te ervaren en erop terug te "
                "kijken, in kleine teams met een coach die vragen stelt in plaats van "
                "antwoorden geeft.</li>"
                "<li><b>De Oasis-methode</b> voor samen bouwen aan de gemeenschap, in zeven "
                "stappen: Kijken, Genegenheid, Dromen, Zorg, Wonder, Vieren en "
                "Re-evolutie.</li>"
                "</ul>"
            ),
            text(
                "<h2>Rekening houden met ieders leven</h2>"
                "<p>De opzet volgt het collegejaar: een vaste periode, contacturen en "
                "studiepunten. Bewoners doen mee naast hun werk, opleiding of de zorg voor "
                "kinderen. Daarom zijn er naast middagen ook avondmomenten, en kun je alles "
                "ook op je telefoon volgen.</p>"
            ),
        ],
    },
    "en": {
        "title": "About Learning Lab",
        "slug": "about-learning-lab",
        "intro": "Where the Learning Lab comes from, and why we work the way we do.",
        "body": [
            text(
                "<h2>It started in Overvecht</h2>"
                "<p>The Learning Lab began as a pilot in Overvecht, a large post-war "
                "neighbourhood in Utrecht. It was one of the pilots of a European programme "
                "for action learning and community-based social entrepreneurship, with eight "
                "pilots in six cities in five countries.</p>"
                "<p>Around 46 would-be social entrepreneurs took part over two pilot rounds, "
                "with about 25 students per course. Those rounds produced, among others, a café "
                "where mothers meet and learn from each other, guided tours of the "
                "neighbourhood's hidden places, a start-up desk for residents with a business "
                "idea, a meeting point for young people, a coffee bar that is also a career "
                "path for young people without a diploma, and a network of neighbourhood "
                "connectors.</p>"
            ),
            text(
                "<h2>Three pillars</h2>"
                "<ul>"
                "<li><b>Social entrepreneurship</b> as a new way to look at questions in the "
                "neighbourhood: who benefits, who pays, and what changes?</li>"
                "<li><b>Action learning</b>: learning by doing, experiencing and reflecting, "
                "in small teams with a coach who asks questions rather than gives answers.</li>"
                "<li><b>The Oasis method</b> for building community together, in seven steps: "
                "Look, Affection, Dream, Care, Miracle, Celebration and Re-evolution.</li>"
                "</ul>"
            ),
            text(
                "<h2>Respecting everyone's life</h2>"
                "<p>The set-up follows the academic year: a fixed period, contact hours and "
                "credits. Residents take part alongside their work, studies or childcare. "
                "That is why there are evening sessions as well as afternoons, and why "
                "everything works on a phone.</p>"
            ),
        ],
    },
}

PRIVACY = {
    "nl": {
        "title": "Privacy",
        "slug": "privacy",
        "intro": "Welke gegevens we bewaren, waarom, en wat je zelf kunt regelen.",
        "body": [
            text(
                "<h2>Wat we bewaren</h2>"
                "<ul>"
                "<li>Je account: je e-mailadres, je naam zoals je die zelf invult en je "
                "voorkeurstaal.</li>"
                "<li>Je deelname: in welk programma je zit, met welke rol, en welke modules "
                "je hebt afgerond.</li>"
                "<li>Het werk van je team en je eigen reflecties, met de zichtbaarheid die je "
                "zelf kiest.</li>"
                "</ul>"
                "<p>We gebruiken deze gegevens alleen om het programma te laten werken: je "
                "modules tonen, je team en coach laten samenwerken, en je herinneringen "
                "sturen als je dat wilt.</p>"
            ),
            text(
                "<h2>Niets openbaar zonder jouw toestemming</h2>"
                "<p>Verhalen, foto's en resultaten komen alleen in een nieuwsbericht of "
                "brochure als jij daar vooraf toestemming voor hebt gegeven. Die toestemming "
                "kun je altijd weer intrekken.</p>"
                "<h2>Jouw gegevens, jouw keuze</h2>"
                "<p>Je kunt je gegevens downloaden en je account laten verwijderen. Vragen? "
                'Mail naar <a href="mailto:privacy@example.org">privacy@example.org</a>.</p>'
            ),
        ],
    },
    "en": {
        "title": "Privacy",
        "slug": "privacy",
        "intro": "What data we keep, why, and what you can decide yourself.",
        "body": [
            text(
                "<h2>What we keep</h2>"
                "<ul>"
                "<li>Your account: your email address, your name as you enter it and your "
                "preferred language.</li>"
                "<li>Your participation: which programme you are in, in which role, and which "
                "modules you have completed.</li>"
                "<li>Your team's work and your own reflections, with the visibility you "
                "choose.</li>"
                "</ul>"
                "<p>We only use this data to make the programme work: showing your modules, "
                "letting your team and coach work together, and sending you reminders if you "
                "want them.</p>"
            ),
            text(
                "<h2>Nothing public without your consent</h2>"
                "<p>Stories, photos and results only appear in a news item or brochure if you "
                "agreed to it beforehand. You can withdraw that consent at any time.</p>"
                "<h2>Your data, your choice</h2>"
                "<p>You can download your data and have your account deleted. Questions? "
                'Email <a href="mailto:privacy@example.org">privacy@example.org</a>.</p>'
            ),
        ],
    },
}

# The pages under the home page, in menu order.
STANDARD_PAGES = [ABOUT, PRIVACY]
