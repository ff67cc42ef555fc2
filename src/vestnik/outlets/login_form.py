"""The admin's login form with its password field labelled: Wagtail's own leaves the label to
Django, which derives it from the field's name, untranslated («Password» on a Russian page)."""

from typing import Any

from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm


class VestnikLoginForm(LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")
