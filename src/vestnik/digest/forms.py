from django import forms

__all__ = ["AddressForm"]


class AddressForm(forms.Form):
    email = forms.EmailField(
        label="Электронная почта",
        max_length=254,
        error_messages={
            "required": "Укажите адрес электронной почты.",
            "invalid": "Похоже, в адресе ошибка: он должен выглядеть как name@example.ru.",
        },
    )
