"""The shape of a route in the security tables."""

from dataclasses import dataclass, field

GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Route:
    """One organisation-scoped route.

    ``role`` is the lowest role that reaches it (member, leader or admin). ``family`` names
    the object its ``pk`` (or ``kwarg``) points at, built by ``conftest.World``. ``owner``
    marks objects private to one leader: nobody else, not even an admin, reaches them.
    ``methods`` are the methods the route answers; the outsider tries GET and POST anyway.
    """

    name: str
    role: str
    family: str | None = None
    kwarg: str = "pk"
    owner: bool = False
    methods: tuple[str, ...] = (GET,)
    extra: dict[str, object] = field(default_factory=dict)
