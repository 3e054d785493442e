from django import forms

from ..models import Compilation
from .i18n import t_lazy

FORMAT_HELP = {
    "docx": t_lazy("Word document with headings and a table of contents"),
    "pdf": t_lazy("PDF for printing and filing"),
    "html": t_lazy("Printable web page"),
    "xlsx": t_lazy("Aspects and department responses as an Excel workbook"),
    "csv": t_lazy("Aspects and department responses as CSV (UTF-8, opens in Excel)"),
    "json": t_lazy("Complete archive that another installation can import"),
}


class CompileForm(forms.Form):
    format = forms.ChoiceField(
        label=t_lazy("Format"), choices=Compilation.Format.choices, initial=Compilation.Format.DOCX,
        widget=forms.RadioSelect,
    )
    edition = forms.ChoiceField(
        label=t_lazy("Edition"), choices=Compilation.Edition.choices, initial=Compilation.Edition.PUBLIC,
        widget=forms.RadioSelect, help_text=t_lazy("The JSON archive always contains everything."),
    )

    def format_choices(self):
        """(value, label, description) for the template."""
        return [(value, label, FORMAT_HELP[value]) for value, label in Compilation.Format.choices]
