from genuinecare.people.importing import PeopleImporter
from genuinecare.people.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import people from a CSV file (all or nothing; matched by e-mail)."
    importer = PeopleImporter
    records = "people"
