"""Admin widgets for editors."""

from django import forms


class ImagePickerWidget(forms.RadioSelect):
    """Choose an image from the library by its thumbnail (keyboard operable: it is a radio group)."""

    template_name = "articles/widgets/image_picker.html"
    option_template_name = "articles/widgets/image_picker_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["image"] = getattr(value, "instance", None)
        return option
