"""Meeting pages. Views parse, call one service or selector, render: a full page, or its partial for htmx.

Every htmx action is also a plain form post: without JavaScript the same URL redirects back.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.posting_limits import RateLimited

from . import comment_cards, onlookers, page_cache, permissions, selectors, services
from .forms import CommentForm, PostForm
from .http import back_to, form_refusal, message_of, refused, sign_in_first
from .models import Comment, Post
from .sharing import public_url
from .text import render_markdown_cached


def home(request):
    return render(request, "meetings/home.html", selectors.consultations_by_phase(request.user))


# --- helpers ---------------------------------------------------------------------------------------


def _reading_ahead(*, figures=False):
    """The page's first cache reads (consultation, edition, content version, shared page, the speech,
    figures) in one round trip, for the whole request (selectors.reading_ahead)."""
    def decorate(view):
        @wraps(view)
        def wrapped(request, slug, **kwargs):
            more = [selectors.post_key(kwargs["pk"])] if "pk" in kwargs else []
            with selectors.reading_ahead(slug, page_cache.slug_key(slug), *more, figures=figures):
                return view(request, slug, **kwargs)
        return wrapped
    return decorate


def _feed_query(feed, **changes) -> str:
    query = {"sort": feed.sort, "state": feed.state, "subtopic": feed.subtopic.pk if feed.subtopic else ""}
    query.update(changes)
    return urlencode({key: value for key, value in query.items() if value and not (key == "sort" and value == "new")})


# --- consultation ----------------------------------------------------------------------------------


@_reading_ahead(figures=True)
def consultation_detail(request, slug):
    shared = page_cache.shareable(request)
    if shared and (response := page_cache.cached(request, slug)):
        return response
    consultation = selectors.consultation_for(request.user, slug)
    feed = selectors.feed(
        consultation, request.user, sort=request.GET.get("sort", "new"), state=request.GET.get("state", ""),
        subtopic_id=request.GET.get("subtopic"), after=request.GET.get("after", ""),
    )
    tabs = [{"label": _("All"), "query": _feed_query(feed, subtopic=""), "current": feed.subtopic is None}]
    tabs += [
        {"label": s.title, "query": _feed_query(feed, subtopic=s.pk), "current": feed.subtopic == s}
        for s in consultation.subtopics.all()
    ]
    context = {
        "consultation": consultation,
        "feed": feed,
        "tabs": tabs,
        # lazy: non-staff readers mostly get the feed from the fragment cache, without its query
        "more_query": SimpleLazyObject(lambda: _feed_query(feed, after=feed.next_cursor) if feed.next_cursor else ""),
        "is_staff": permissions.is_committee_staff(request.user),
        "version": selectors.content_version(consultation.pk),
        "feed_key": _feed_query(feed, after=request.GET.get("after", "")),
    }
    partial = None
    if request.htmx and not request.htmx.history_restore_request:
        partial = {"load-more": "meetings/partials/feed_page.html", "feed": "meetings/partials/feed.html"}.get(
            request.htmx.target
        )
    if partial:
        response = render(request, partial, context)
    elif shared:
        context["csrf_token"] = page_cache.TOKEN  # the reader's own goes in as the page is served
        onlookers.record_onlooker(request, consultation)
        context.update(_consultation_page_context(request, consultation))
        page = render(request, "meetings/consultation_detail.html", context)
        return page_cache.store(request, consultation, context["version"], page)
    else:
        onlookers.record_onlooker(request, consultation)
        context.update(_consultation_page_context(request, consultation))
        context["main_html"] = page_cache.consultation_main(request, context)
        response = onlookers.remember_visitor(request, render(request, "meetings/consultation_detail.html", context))
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _consultation_page_context(request, consultation) -> dict:
    now = timezone.now()
    return {
        "figures": selectors.figures(consultation),
        "current_stages": consultation.current_stages(now),
        "now": now,
        "speak_refusal": permissions.speak_refusal(request.user, consultation, now),
        "guide_html": render_markdown_cached(consultation.guide),
        "share_url": public_url(consultation),
    }


def figures(request, slug):
    consultation = selectors.consultation_for(request.user, slug)
    return render(request, "meetings/partials/figures.html",
                  {"consultation": consultation, "figures": selectors.figures(consultation)})


def _comment_urls(consultation, post) -> dict:
    """URLs every comment needs, reversed once per page (with pk 0, see the with_pk filter)."""
    slug = consultation.slug
    return {
        "post_url": post.get_absolute_url(),
        "comment_create_url": reverse("meetings:comment_create", args=[slug, post.pk]),
        "comment_like_url": reverse("meetings:comment_like", args=[slug, 0]),
        "comment_report_url": reverse("meetings:comment_report", args=[slug, 0]),
        "comment_moderate_url": reverse("meetings:comment_moderate", args=[slug, 0]),
    }


# --- speeches --------------------------------------------------------------------------------------


@_reading_ahead()
def post_detail(request, slug, pk):
    """A speech and the first batch of its comments; `?after=<thread>` the next batch, as a page or
    (htmx, "more comments") as the fragment that replaces the link."""
    shared = page_cache.shareable(request)
    if shared and (response := page_cache.cached(request, slug, post_id=pk)):
        return response
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_to_show(request.user, consultation, pk)
    user = request.user
    after = request.GET.get("after", "")
    after = int(after) if after.isdigit() else None
    comment_refusal = permissions.comment_refusal(user, consultation)
    context = {
        "consultation": consultation,
        "post": post,
        **_comment_urls(consultation, post),
        "version": selectors.content_version(consultation.pk),
        "comment_refusal": comment_refusal,
        "can_comment": comment_refusal is None,
        "can_like": permissions.can_like(user, consultation),
        "can_report": permissions.can_report(user, consultation),
        "is_staff": permissions.is_committee_staff(user),
    }
    # the speech's threads and the shared cards of this batch, in one round trip
    selectors.read_more(selectors.threads_key(post.pk, context["version"]),
                        comment_cards.shared_key(request, context, after))
    page = selectors.comment_page(post, user, after=after)
    # the cards of a private page (staff, own pending comments) carry their likes already
    post.liked, liked_comments = selectors.likes_of(user, post, [] if page.private else page.ids)
    context.update(after=page.after, comment_page=page, liked_comments=liked_comments)
    context["comment_cards"] = comment_cards.render(request, context, page)
    context["thread"] = SimpleLazyObject(lambda: selectors.comment_rows(page, user))  # for tests and tools
    if request.htmx and request.htmx.target == "comments-more":
        response = render(request, "meetings/partials/comment_page.html", context)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
    onlookers.record_onlooker(request, consultation)
    onlookers.record_post_view(request, post)
    context.update(
        needs_approval=user.is_authenticated and permissions.comment_needs_approval(user, consultation),
        can_edit=permissions.can_edit_post(user, post),
        clear_draft=request.session.pop("meetings_clear_draft", "") if user.is_authenticated else "",
    )
    if shared:
        context["csrf_token"] = page_cache.TOKEN  # the reader's own goes in as the page is served
        rendered = render(request, "meetings/post_detail.html", context)
        return page_cache.store(request, consultation, context["version"], rendered)
    response = onlookers.remember_visitor(request, render(request, "meetings/post_detail.html", context))
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _post_form_page(request, consultation, form, *, post=None, refusal=None, draft_key="", status=None):
    status = status or (403 if refusal else (400 if form.is_bound and form.errors else 200))
    return render(request, "meetings/post_form.html", {
        "consultation": consultation, "form": form, "post": post, "refusal": refusal, "draft_key": draft_key,
    }, status=status)


def post_create(request, slug):
    consultation = selectors.consultation_for(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    draft_key = f"speech:{consultation.slug}:new"
    refusal = permissions.speak_refusal(request.user, consultation)
    form = PostForm(request.POST or None, request.FILES or None, consultation=consultation,
                    initial={"subtopic": request.GET.get("subtopic")})
    if refusal:
        return _post_form_page(request, consultation, form, refusal=refusal, draft_key=draft_key)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.create_post(request.user, consultation, form.cleaned_data["subtopic"],
                                        form.cleaned_data["title"], form.cleaned_data["body"],
                                        files=form.cleaned_data["files"])
        except RateLimited as error:  # the form stays, with what they wrote and when to try again
            form.add_error(None, error.message)
            response = _post_form_page(request, consultation, form, draft_key=draft_key, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        except PermissionDenied as error:
            return _post_form_page(request, consultation, form, refusal=message_of(error), draft_key=draft_key)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["meetings_clear_draft"] = draft_key
            messages.success(request, _("Your speech is published."))
            return redirect(post.get_absolute_url())
    return _post_form_page(request, consultation, form, draft_key=draft_key)


def post_edit(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_for(request.user, consultation, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    draft_key = f"speech:{post.pk}:edit"
    refusal = permissions.edit_refusal(request.user, post)
    form = PostForm(request.POST or None, request.FILES or None, consultation=consultation, attachments=post.files,
                    initial={"subtopic": post.subtopic_id, "title": post.title, "body": post.body})
    if refusal:
        return _post_form_page(request, consultation, form, post=post, refusal=refusal, draft_key=draft_key)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(request.user, post, form.cleaned_data["title"], form.cleaned_data["body"],
                               form.cleaned_data["subtopic"], files=form.cleaned_data["files"],
                               remove=form.cleaned_data.get("remove_files", []))
        except PermissionDenied as error:
            return _post_form_page(request, consultation, form, post=post, refusal=message_of(error),
                                   draft_key=draft_key)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["meetings_clear_draft"] = draft_key
            messages.success(request, _("Your changes are saved; earlier versions are kept."))
            return redirect(post.get_absolute_url())
    return _post_form_page(request, consultation, form, post=post, draft_key=draft_key)


def post_history(request, slug, pk):
    """Every version of a speech: staff only."""
    if not permissions.is_committee_staff(request.user):
        raise Http404
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_for(request.user, consultation, pk)
    return render(request, "meetings/post_history.html",
                  {"consultation": consultation, "post": post, "versions": selectors.history_of(post)})


@require_POST
def post_like(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_for(request.user, consultation, pk)
    back = back_to(request, post.get_absolute_url())
    if not request.user.is_authenticated:
        return sign_in_first(request, back)
    try:
        post.liked, post.like_count = services.toggle_post_like(request.user, post)
    except PermissionDenied as error:
        return refused(request, error, back)
    if request.htmx:
        return render(request, "meetings/partials/like_button.html", {
            "liked": post.liked, "count": post.like_count, "can_like": True, "back": back,
            "url": reverse("meetings:post_like", args=[slug, post.pk]),
        })
    return redirect(back if "#" in back else f"{back}#post-{post.pk}")  # back where the reader was


# --- comments --------------------------------------------------------------------------------------


def _anchor_of(comment: Comment) -> Comment:
    """The comment under which replies to this one are listed (itself, or its third-level ancestor)."""
    anchor = comment
    while anchor.depth >= selectors.THREAD_LEVELS:
        anchor = anchor.parent
    return anchor


def _placed(comment: Comment) -> Comment:
    """Where a new comment sits in the thread (as selectors.comment_page would place it)."""
    comment.children, comment.placeholder, comment.shown, comment.reply_to = [], False, True, None
    comment.liked = False
    comment.files = list(comment.attachments.all())
    comment.anchor_id = comment.pk
    if comment.depth >= selectors.THREAD_LEVELS:
        comment.reply_to = comment.parent
        comment.anchor_id = _anchor_of(comment.parent).pk
    return comment


def _reply_form(request, consultation, post, parent, back):
    """GET: the form to comment or reply: the fragment for htmx, a small page without JavaScript."""
    if not request.user.is_authenticated:
        return sign_in_first(request, back)
    refusal = permissions.comment_refusal(request.user, consultation)
    if refusal:
        return refused(request, PermissionDenied(refusal), back)
    if parent is not None:
        parent.anchor_id = _anchor_of(parent).pk
    context = {"consultation": consultation, "post": post, "parent": parent, **_comment_urls(consultation, post),
               "needs_approval": permissions.comment_needs_approval(request.user, consultation)}
    if request.htmx:
        return render(request, "meetings/partials/comment_form.html", context)
    return render(request, "meetings/form_page.html",
                  {**context, "form_template": "meetings/partials/comment_form.html"})


def comment_create(request, slug, pk):
    """POST a comment or a reply (in place with htmx, or as a plain form); GET the reply form."""
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_for(request.user, consultation, pk)
    back = back_to(request, post.get_absolute_url())
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    parent = None
    if parent_id:
        parent = selectors.comment_for(request.user, consultation, parent_id)
        if parent.post_id != post.pk:
            raise Http404
        parent.post = post
    if request.method != "POST":
        return _reply_form(request, consultation, post, parent, back)
    if not request.user.is_authenticated:
        return sign_in_first(request, back)
    form = CommentForm(request.POST, request.FILES)
    if not form.is_valid():
        return refused(request, form_refusal(form), back)
    try:
        comment = services.add_comment(request.user, post, form.cleaned_data["body"], parent=parent,
                                       files=form.cleaned_data["files"])
    except (PermissionDenied, ValidationError) as error:
        return refused(request, error, back)
    if request.htmx:
        response = render(request, "meetings/partials/comment.html", {
            "comment": _placed(comment), "consultation": consultation, "post": post, "just_posted": True,
            **_comment_urls(consultation, post),
            "can_comment": True, "can_like": permissions.can_like(request.user, consultation),
            "can_report": True, "is_staff": permissions.is_committee_staff(request.user),
        })
        # The heading's count follows in the same response, swapped out of band.
        count = Post.objects.filter(pk=post.pk).values_list("comment_count", flat=True).get()
        response.write(render_to_string("meetings/partials/comment_count.html", {"count": count, "oob": True}))
        return response
    if comment.is_approved:
        messages.success(request, _("Your comment is posted."))
    else:
        messages.info(request, _("Your comment will appear once staff approve it."))
    return redirect(f"{post.get_absolute_url()}#comment-{comment.pk}")


@require_POST
def comment_like(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    comment = selectors.comment_for(request.user, consultation, pk)
    back = back_to(request, f"{comment.post.get_absolute_url()}#comment-{comment.pk}")
    if not request.user.is_authenticated:
        return sign_in_first(request, back)
    try:
        liked, count = services.toggle_comment_like(request.user, comment)
    except PermissionDenied as error:
        return refused(request, error, back)
    if request.htmx:
        return render(request, "meetings/partials/like_button.html", {
            "liked": liked, "count": count, "can_like": True, "back": back,
            "url": reverse("meetings:comment_like", args=[slug, comment.pk]),
        })
    return redirect(back if "#" in back else f"{back}#comment-{comment.pk}")
