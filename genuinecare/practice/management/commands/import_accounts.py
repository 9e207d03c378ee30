from genuinecare.people.imports.command import ImportCommand
from genuinecare.practice.importing import AccountImporter


class Command(ImportCommand):
    help = (
        "Import accounts (customers, suppliers, partners, others) with their contacts "
        "from a CSV file "
        "(all or nothing; accounts matched by type and name, contacts by account and e-mail)."
    )
    importer = AccountImporter
