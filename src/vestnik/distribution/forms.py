"""The channel form: the token is written, never read back. Left blank, the stored one stays."""

import re
from typing import Any, cast

from django import forms

from .clients import available_networks
from .models import Channel

__all__ = ["ChannelForm"]

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


class ChannelForm(forms.ModelForm):
    token = forms.CharField(
        label="токен",
        required=False,
        strip=True,
        # Never rendered back: the page's source must not carry the secret.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Telegram: токен бота от @BotFather; ВКонтакте: ключ доступа сообщества. "
        "Хранится зашифрованным и больше не показывается; оставьте пустым, чтобы не менять",
    )

    class Meta:
        model = Channel
        fields = ["outlet", "network", "name", "target", "token", "token_env", "active"]

    def __init__(self, *args: Any, outlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset, outlet.empty_label = outlets, None
        cast(forms.ChoiceField, self.fields["network"]).choices = available_networks()

    def clean_token_env(self) -> str:
        name: str = self.cleaned_data["token_env"].strip()
        if name and not ENV_NAME.match(name):
            raise forms.ValidationError(
                "Имя переменной — латинские заглавные буквы, цифры и «_», "
                "например VESTNIK_TG_TOKEN."
            )
        return name

    def clean_target(self) -> str:
        target: str = self.cleaned_data["target"].strip()
        network = self.cleaned_data.get("network")
        if network == "vk" and not target.lstrip("-").isdigit():
            raise forms.ValidationError("Номер сообщества ВКонтакте — число, например 123456.")
        if network == "telegram" and not (target.startswith("@") or target.lstrip("-").isdigit()):
            raise forms.ValidationError("Укажите «@имя_канала» или числовой id чата (−100…).")
        return target

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        has_stored = bool(self.instance.pk and self.instance.token_encrypted)
        if not cleaned.get("token") and not cleaned.get("token_env") and not has_stored:
            self.add_error("token", "Нужен токен или имя переменной окружения с ним.")
        return cleaned

    def save(self, commit: bool = True) -> Channel:
        channel: Channel = super().save(commit=False)
        if token := self.cleaned_data.get("token"):
            channel.set_token(token)
        if commit:
            channel.save()
        return channel
