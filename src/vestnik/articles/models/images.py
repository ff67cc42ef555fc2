from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class VestnikImage(AbstractImage):
    """A photo with what a newspaper prints under it: a caption and who took it for whom."""

    caption = models.CharField("подпись", max_length=500, blank=True)
    credit_author = models.CharField(
        "автор фото", max_length=200, blank=True, help_text="Например: Д. Гришкин"
    )
    credit_source = models.CharField(
        "источник фото",
        max_length=300,
        blank=True,
        help_text="Например: mos.ru. Пресс-служба мэра и Правительства Москвы",
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit_author", "credit_source")

    class Meta(AbstractImage.Meta):
        verbose_name = "изображение"
        verbose_name_plural = "изображения"
        permissions = [("choose_image", "Can choose image")]

    @property
    def credit(self) -> str:
        """«Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы»."""
        return ", ".join(part for part in (self.credit_author, self.credit_source) if part)


class VestnikRendition(AbstractRendition):
    image = models.ForeignKey(VestnikImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
