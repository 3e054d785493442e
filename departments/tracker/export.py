"""The tracker as an XLSX workbook, with the page's filters. User-written text is never a formula."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from consultation.spreadsheets import spreadsheet_text

from .selectors import labelled


def tracker_workbook(aspects) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Follow-up tracker"))
    sheet.append([_("Consultation"), _("Speech"), _("Author"), _("Aspect"), _("Lead department"),
                  _("Co-handling departments"), _("State"), _("Disposition"), _("Reply due"),
                  _("Last follow-up"), _("Rating")])
    for aspect in aspects.iterator(chunk_size=500):
        labelled(aspect)
        text = [aspect.post.consultation.title, aspect.post.title, aspect.post.author.shown_name,
                str(aspect), aspect.lead_name, aspect.co_names]
        row = [WriteOnlyCell(sheet, value=spreadsheet_text(value)) for value in text]
        for cell in row:
            cell.data_type = "s"
        follow_up = aspect.last_follow_up_at and timezone.localtime(aspect.last_follow_up_at).replace(tzinfo=None)
        row += [aspect.state_label, aspect.disposition_label, aspect.lead_due, follow_up, aspect.rating_label]
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
