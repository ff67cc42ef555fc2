import pytest


@pytest.mark.django_db
def test_the_admin_login_form_labels_the_password_in_russian(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<label class="w-field__label" for="id_password"' in html
    label = html.split('for="id_password"', 1)[1].split("</label>", 1)[0]
    assert "Пароль" in label
    assert "Password" not in label
