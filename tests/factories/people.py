"""Factories for the objects most tests need. Real objects, no mocks."""

from typing import Any

import factory
from factory.django import DjangoModelFactory

from genuinecare.people.enums import Function, Language, Role
from genuinecare.people.models import Organisation, Person, Unit, User

PASSWORD = "a-long-test-passphrase"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    language = Language.EN
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    function = Function.OTHER
    role = Role.MEMBER
    language = Language.EN

    @factory.post_generation
    def signs_in(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``PersonFactory(signs_in=True)`` gives the person a user with ``PASSWORD``."""
        if create and extracted:
            self.user = UserFactory(email=self.email, name=self.name)
            self.save(update_fields=["user"])
