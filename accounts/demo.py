"""Demo accounts: supervisor, coordinator, officer1..officer4 (password DEMO_PASSWORD)."""

from django.conf import settings

from .models import Rank, Role, User
from .services import user_set_role

DEMO_USERS = [
    ("supervisor", Rank.STAFF_SERGEANT, "Dana Whitfield", "1021", Role.SUPERVISOR),
    ("coordinator", Rank.NONE, "Priya Raman", "", Role.COORDINATOR),
    ("officer1", Rank.CONSTABLE, "Marc Tremblay", "2217", Role.OFFICER),
    ("officer2", Rank.CONSTABLE, "Aisha Mensah", "2304", Role.OFFICER),
    ("officer3", Rank.CONSTABLE, "Jordan Lee", "2388", Role.OFFICER),
    ("officer4", Rank.CONSTABLE, "Sophie Gagnon", "2412", Role.OFFICER),
]


def seed(*, stdout) -> None:
    created = 0
    for username, rank, display_name, badge, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=display_name,
                rank=rank,
                badge_number=badge,
                email=f"{username}@csu.example",
                first_name=display_name.split()[-2],
                last_name=display_name.split()[-1],
            )
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            created += 1
        if user.role != role or not user.groups.filter(name=role).exists():
            user_set_role(user=user, role=role)
    stdout.write(f"accounts: {created} demo users created")
