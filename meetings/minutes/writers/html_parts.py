"""The repeated blocks of the printable HTML page, built with format strings: a speech with its
comments and responses, a row of the aspects table, a list of files.

A meeting has tens of thousands of them, and rendering each through a Django template (a context,
a node tree walked, a variable resolved by lookups) cost more than reading them from the database;
here every value goes through `escape` (or is the stored, already sanitized HTML) as the template's
autoescape did, and the strings are translated in the same "minutes" context.
"""

from django.utils import timezone
from django.utils.html import escape

from ..attachments import FileEntry
from ..i18n import t, tn
from ..records import AspectRow, ClaimEntry, CommentEntry, SpeechEntry
from .common import when


def time_tag(value) -> str:
    return f'<time datetime="{timezone.localtime(value).isoformat()}">{when(value)}</time>'


def files_html(files: list[FileEntry]) -> str:
    """Pictures as embedded thumbnails, then one line per document or voice recording."""
    if not files:
        return ""
    pictures = "".join(f'<img class="thumb" src="{uri}" alt="{escape(entry.name)}">'
                       for entry in files if entry.is_picture for uri in (entry.data_uri(),) if uri)
    listed = "".join(f"<li>{escape(entry.label)}</li>" for entry in files if not entry.is_picture)
    return f'<div class="files">{pictures}\n<ul class="file-list">{listed}</ul></div>'


def hidden_mark(reason: str) -> str:
    return f'<span class="mark hidden-mark">【{t("Hidden")}{"：" + escape(reason) if reason else ""}】</span>'


def comment_html(comment: CommentEntry) -> str:
    classes = f"comment depth-{comment.depth}"
    marks = ""
    if comment.is_leader:
        classes += " leader"
        label = t("Leader's comment")
        marks += f'<span class="mark leader-mark">【{label}】</span>'
    if comment.hidden:
        classes += " is-hidden"
        marks += hidden_mark(comment.hidden_reason)
    if comment.awaiting_approval:
        marks += f'<span class="mark hidden-mark">【{t("Awaiting approval")}】</span>'
    left_out = (f' · <span class="muted">{t("replying to a comment not shown")}</span>'
                if comment.answers_left_out else "")
    return (
        f'\n<li class="{classes}" style="margin-left: {comment.depth}em">\n'
        f'<p class="meta">{marks}<span class="who">{escape(comment.author.name)}</span>'
        f'<span class="role">（{escape(comment.author.role_label)}）</span> · {time_tag(comment.at)}{left_out}</p>\n'
        f'<div class="body">{comment.html}</div>\n{files_html(comment.files)}\n</li>'
    )


def claim_html(claim: ClaimEntry, internal: bool) -> str:
    department = escape(claim.department)
    assigned = f"（{t('assigned by staff')}）" if claim.assigned else ""
    parts = [
        f'\n<div class="claim">\n<p class="claim-line"><strong>{department}</strong>（{escape(claim.role_label)}）· '
        f'{escape(claim.state_label)} · {t("claimed")} {when(claim.claimed_at)}{assigned} · '
        f'{t("reply due")} {when(claim.due_on)}</p>\n'
    ]
    for reply in claim.replies:
        label = t("Official reply")
        if reply.round > 1:
            label += " · " + t("round %(round)s") % {"round": reply.round}
        official = f" · {t('official on record')} {escape(reply.official.name)}" if internal else ""
        rating = ""
        if reply.rating:
            remark = f"——{escape(reply.rating.comment)}" if reply.rating.comment else ""
            rating = (f'<p class="rating">{t("Rating by the speaker")}：<strong>{escape(reply.rating.score_label)}'
                      f'</strong>{remark}（{when(reply.rating.at)}）</p>')
        parts.append(
            f'<div class="reply">\n<p class="meta"><span class="mark reply-mark">【{label}】</span>'
            f'{escape(reply.department)} · {escape(reply.disposition_label)} · {time_tag(reply.at)}{official}</p>\n'
            f'<div class="body">{reply.html}</div>\n{files_html(reply.files)}\n{rating}\n</div>\n'
        )
    for follow_up in claim.follow_ups:
        label = t("Completed") if follow_up.completes else t("Progress")
        parts.append(
            f'<div class="follow-up"><p class="meta"><span class="mark">【{label}】</span>{department} · '
            f'{time_tag(follow_up.at)}</p><div class="body">{follow_up.html}</div>{files_html(follow_up.files)}</div>\n'
        )
    for press in claim.presses:
        line = f"{escape(press.leader.name)} · {time_tag(press.at)}"
        if press.on_reply_round:
            line += " · " + t("on the round %(round)s reply") % {"round": press.on_reply_round}
        line += f" · {t('answered')} {when(press.answered_at)}" if press.answered_at else f" · {t('open')}"
        note = escape(press.note).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
        parts.append(f'<div class="press"><p class="meta"><span class="mark leader-mark">【{t("Pressed by a leader")}】'
                     f'</span>{line}</p><p class="body">{note}</p></div>\n')
    parts.append("</div>")
    return "".join(parts)


def speech_html(speech: SpeechEntry, internal: bool) -> str:
    """One speech as an <article>: heading, who and when, body, files, comment thread, responses."""
    likes = tn("%(likes)s like", "%(likes)s likes", speech.likes) % {"likes": speech.likes}
    edited = f" · {t('edited')} {when(speech.edited_at)}" if speech.edited_at else ""
    parts = [
        f'<article class="speech{" is-hidden" if speech.hidden else ""}" id="speech-{speech.number}">\n'
        f'<h2>{hidden_mark(speech.hidden_reason) if speech.hidden else ""}{escape(speech.title)}</h2>\n'
        f'<p class="meta"><span class="who">{escape(speech.author.name)}</span>'
        f'<span class="role">（{escape(speech.author.role_label)}）</span> · '
        f'{time_tag(speech.at)}{edited} · {likes}</p>\n'
        f'<div class="body">{speech.html}</div>\n{files_html(speech.files)}\n'
    ]
    if speech.comments:
        parts.append(f'<section class="comments">\n<p class="label"><strong>{t("Comments")}</strong></p>\n'
                     f'<ol class="thread">')
        parts.extend(comment_html(comment) for comment in speech.comments)
        parts.append("\n</ol>\n</section>\n")
    for aspect in speech.aspects:
        title = (t("Department responses") if aspect.is_whole
                 else t("Aspect %(number)s: %(title)s") % {"number": aspect.number, "title": escape(aspect.title)})
        parts.append(f'<section class="aspect">\n<h3>{title}</h3>\n')
        if aspect.excerpt:
            parts.append(f'<blockquote class="excerpt">{escape(aspect.excerpt)}</blockquote>\n')
        parts.extend(claim_html(claim, internal) for claim in aspect.claims)
        if not aspect.claims:
            parts.append(f'<p class="claim-line muted">{t("No department has claimed this aspect.")}</p>')
        parts.append("\n</section>\n")
    parts.append("</article>\n")
    return "".join(parts)


def aspect_row_html(row: AspectRow) -> str:
    """One line of the aspects table in the appendix."""
    role = f"<br><small>{escape(row.claim_role)}</small>" if row.claim_role != "—" else ""
    hidden = ' class="is-hidden"' if row.hidden else ""
    return (f'<tr{hidden}><td class="n">{row.number}</td>'
            f"<td>{escape(row.speech_title)}<br><small>{escape(row.speech_author)}</small></td>"
            f"<td>{escape(row.aspect)}</td><td>{escape(row.department)}{role}</td>"
            f'<td>{escape(row.disposition)}</td><td class="state">{escape(row.state)}</td></tr>\n')
