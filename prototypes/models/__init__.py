from .canvas import Prototype
from .iterations import Evidence, Iteration
from .teams import Team, TeamMember

__all__ = ["Evidence", "Iteration", "Prototype", "Team", "TeamMember"]
