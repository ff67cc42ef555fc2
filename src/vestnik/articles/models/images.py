from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image


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

    def generate_rendition_file(self, filter: Filter, *, source: File | None = None) -> File:
        # Wagtail hands back the SpooledTemporaryFile the filter wrote into, and nobody closes
        # it once the rendition is stored; Pillow's encoders ask for its fileno(), which rolls
        # it over to a real temporary file, left to the garbage collector (a ResourceWarning
        # per rendition, six per responsive picture). The bytes, and the file closed now.
        generated = super().generate_rendition_file(filter, source=source)
        with generated.file as spooled:
            spooled.seek(0)
            return ContentFile(spooled.read(), name=generated.name)

    @property
    def credit(self) -> str:
        """«Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы»."""
        return ", ".join(part for part in (self.credit_author, self.credit_source) if part)


class VestnikRendition(AbstractRendition):
    image = models.ForeignKey(VestnikImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
