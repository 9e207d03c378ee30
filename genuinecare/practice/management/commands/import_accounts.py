from genuinecare.people.imports.command import ImportCommand
from genuinecare.practice.importing import AccountImporter


class Command(ImportCommand):
    help = (
        "Import customer, supplier and other accounts from a CSV file "
        "(all or nothing; matched by type and name)."
    )
    importer = AccountImporter
    records = "accounts"
