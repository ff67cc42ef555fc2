from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="цитата")
    attribution = blocks.CharBlock(label="кто сказал", required=False)

    class Meta:
        icon = "openquote"
        label = "Цитата"
        template = "articles/blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="изображение")
    caption = blocks.CharBlock(
        label="подпись", required=False, help_text="Пусто — подпись из карточки изображения"
    )

    class Meta:
        icon = "image"
        label = "Изображение"
        template = "articles/blocks/image_block.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label="Абзац", template="articles/blocks/paragraph_block.html"
    )
    quote = QuoteBlock()
    image = ImageBlock()
