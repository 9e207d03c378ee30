from genuinecare.lib.imports.command import ImportCommand
from genuinecare.people.importing import PeopleImporter


class Command(ImportCommand):
    help = "Import people from a CSV file (all or nothing; matched by e-mail)."
    importer = PeopleImporter
    records = "people"
