"""The people of the demo: fictional, with example.org addresses only.

The four persona logins come first; everyone shares the demo password, which only
the demo command ever sets.
"""

from dataclasses import dataclass

from courses.models import Role

PASSWORD = "learninglab-demo"
ADMIN_EMAIL = "admin@example.org"


@dataclass(frozen=True)
class Person:
    email: str
    display_name: str
    role: str
    language: str = "nl"
    # Programme weeks this person has marked as done.
    weeks_done: tuple[int, ...] = ()


PERSONAS = [
    Person("coordinator@example.org", "Marieke van den Berg", Role.COORDINATOR),
    Person("coach@example.org", "Youssef El Amrani", Role.COACH),
    Person("student@example.org", "Lotte Jansen", Role.STUDENT, weeks_done=(1, 2)),
    Person("resident@example.org", "Samira Bakkali", Role.RESIDENT, weeks_done=(1,)),
]

OTHERS = [
    Person("ingrid.bos@example.org", "Ingrid Bos", Role.COACH),
    Person("daniel.mensah@example.org", "Daniel Mensah", Role.COACH, language="en"),
    Person("noah.visser@example.org", "Noah Visser", Role.STUDENT, weeks_done=(1, 2)),
    Person("emma.smit@example.org", "Emma Smit", Role.STUDENT, weeks_done=(1,)),
    Person(
        "lukas.schneider@example.org",
        "Lukas Schneider",
        Role.STUDENT,
        language="en",
        weeks_done=(1, 2),
    ),
    Person("sem.dejong@example.org", "Sem de Jong", Role.STUDENT),
    Person("ahmed.ouali@example.org", "Ahmed Ouali", Role.RESIDENT, weeks_done=(1, 2)),
    Person("derya.yilmaz@example.org", "Derya Yılmaz", Role.RESIDENT, weeks_done=(1,)),
    Person("kevin.martis@example.org", "Kevin Martis", Role.RESIDENT),
    Person("nadia.haddou@example.org", "Nadia Haddou", Role.RESIDENT, weeks_done=(1, 2)),
]

PEOPLE = PERSONAS + OTHERS
