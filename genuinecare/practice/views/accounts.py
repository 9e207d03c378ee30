"""Customer, supplier, partner and other accounts: the register, following, adding, and
the one account import (accounts with their contacts; admins only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from genuinecare.lib.views import saved
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import AccountType, Role
from genuinecare.people.imports.pages import ImportPages
from genuinecare.people.models import Person
from genuinecare.practice import access, actions
from genuinecare.practice.felt.accounts import care_felt, care_given
from genuinecare.practice.following import (
    leaders_by_account,
    on_some_map,
    set_following,
    with_choice,
)
from genuinecare.practice.forms import AccountForm, UploadForm
from genuinecare.practice.importing import AccountImporter
from genuinecare.practice.views.care import leader_view, log_form

PAGE_SIZE = 50

ACCOUNT_IMPORT = ImportPages(
    importer=AccountImporter,
    url_name="practice:account-import",
    done_url="practice:accounts",
    title=gettext_lazy("Import accounts and contacts"),
    columns=(
        (gettext_lazy("Account"), "account"),
        (gettext_lazy("Type"), "type_label"),
        (gettext_lazy("Segment"), "segment"),
        (gettext_lazy("Contact"), "contact"),
        (gettext_lazy("E-mail address"), "email"),
    ),
    extra_counts=(("accounts", gettext_lazy("accounts in the file")),),
    finished=gettext_lazy(
        "Accounts and contacts imported: %(created)d rows created, %(updated)d updated, "
        "%(unchanged)d unchanged."
    ),
    layout="practice/page.html",
    subnav="practice/_subnav.html",
)


@leader_view
def accounts_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """Every account and party to follow; admins also see whose map each one is on."""
    accounts = everything = access.accounts_visible_to(membership).filter(archived_at__isnull=True)
    query = request.GET.get("q", "").strip()
    if query:
        accounts = accounts.filter(
            Q(name__icontains=query)
            | Q(account__email_domains__icontains=query)
            | Q(account__segment__icontains=query)
        )
    chosen_type = request.GET.get("type", "")
    if chosen_type in AccountType.values:
        accounts = accounts.filter(type=chosen_type)
    nobody = membership.is_admin and request.GET.get("nobody") == "1"
    if nobody:
        accounts = accounts.exclude(on_some_map())
    listed = with_choice(
        accounts.select_related("organisation", "account").order_by("name"), membership
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    owners = leaders_by_account(list(page)) if membership.is_admin else {}
    unowned = everything.exclude(on_some_map()).count() if membership.is_admin else None
    context = {
        "unowned": unowned,
        "page": page,
        "rows": [(account, owners.get(account.pk, [])) for account in page],
        "query": query,
        "types": AccountType.choices,
        "chosen_type": chosen_type,
        "nobody": nobody,
        "filtered": bool(query or chosen_type or nobody),
    }
    return render(request, "practice/accounts.html", context)


@leader_view
def account_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """One account: the care given to it beside whether its people feel cared for."""
    visible = access.accounts_visible_to(membership).select_related("organisation", "account")
    account = get_object_or_404(with_choice(visible, membership), pk=pk)
    context = {
        "stakeholder": account,
        "account": account,
        "given": care_given(membership, account, now=timezone.now()),
        "felt": care_felt(membership, account),
        "form": log_form(membership, None, asked=[account.pk]),
    }
    return render(request, "practice/account.html", context)


@leader_view
@require_POST
def follow_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    account = access.get_account(membership, pk)
    following = request.POST.get("following") == "1"
    try:
        set_following(leader=membership, account=account, following=following)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if following:
            text = _("%(name)s is on your care map.")
        else:
            text = _("%(name)s is off your care map. Logging care with it puts it back.")
        messages.success(request, text % {"name": account.name})
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(account)


@leader_view
def account_add_view(request: HttpRequest, membership: Person) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, organisation = form.cleaned_data, membership.organisation
        verb = actions.add_account
        account = saved(form, lambda: verb(organisation=organisation, follower=membership, **data))
        if account is not None:
            messages.success(request, _("%(name)s is on your care map.") % {"name": account.name})
            return redirect(account)
    return render(request, "practice/account_form.html", {"form": form})


@organisation_view(role=Role.ADMIN)
def account_import_view(request: HttpRequest, membership: Person) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    stored = ACCOUNT_IMPORT.receive(request, membership, form)
    return stored or render(request, "practice/account_import.html", {"form": form})


account_import_preview_view, account_import_apply_view = ACCOUNT_IMPORT.views(role=Role.ADMIN)
